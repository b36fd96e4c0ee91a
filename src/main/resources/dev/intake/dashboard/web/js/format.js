// Times are shown in the browser's own time zone; the API speaks UTC.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const clock = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function localTime(iso) {
  return iso ? dateTime.format(new Date(iso)) : '—';
}

export function clockTime(date) {
  return clock.format(date);
}

/** "12 s ago", "4 min ago", "3 h ago", "2 d ago". */
export function age(iso, now = Date.now()) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} d ago`;
}

export function seconds(v) {
  if (v == null) return '—';
  if (v < 1) return `${Math.round(v * 1000)} ms`;
  if (v < 60) return `${v.toFixed(1)} s`;
  const m = Math.floor(v / 60);
  return `${m} min ${Math.round(v - m * 60)} s`;
}

export function bytes(n) {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function pages(start, end) {
  if (start == null) return '—';
  return start === end ? `page ${start}` : `pages ${start}–${end}`;
}

export function shortId(id) {
  return id ? id.slice(0, 8) : '—';
}

export function words(wire) {
  return wire ? wire.replaceAll('_', ' ') : '—';
}

export function number(n) {
  return n == null ? '—' : new Intl.NumberFormat().format(n);
}
