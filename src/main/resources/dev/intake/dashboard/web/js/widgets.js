// Small pieces every page uses: progress bars, status badges, pagers, notices.
import { h, fill } from './dom.js';
import { age, localTime, words } from './format.js';

export const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** A progress bar with its accessible name; update it with setProgress. */
export function progressBar(value, label, status) {
  const fillEl = h('div', { class: 'fill' });
  const pct = h('span', { class: 'pct', 'aria-hidden': 'true' });
  const bar = h('div', {
    class: 'progress',
    role: 'progressbar',
    'aria-label': label,
    'aria-valuemin': '0',
    'aria-valuemax': '100',
  }, h('div', { class: 'track' }, fillEl), pct);
  setProgress(bar, value, status);
  return bar;
}

export function setProgress(bar, value, status) {
  const v = Math.max(0, Math.min(100, Number(value) || 0));
  const shown = Math.round(v * 10) / 10;
  bar.setAttribute('aria-valuenow', String(shown));
  bar.setAttribute('aria-valuetext', `${shown} %`);
  bar.querySelector('.fill').style.width = `${v}%`;
  bar.querySelector('.pct').textContent = `${shown} %`;
  bar.classList.toggle('completed', status === 'completed');
  bar.classList.toggle('failed', status === 'failed');
}

export function badge(status) {
  return h('span', { class: `badge ${status || ''}` }, words(status));
}

/** A <time> showing "3 min ago", its local date and time on hover; kept fresh by the ticker. */
export function ageOf(iso) {
  return h('time', { datetime: iso || '', title: localTime(iso), 'data-age': iso || '' }, age(iso));
}

export function timeOf(iso) {
  return h('time', { datetime: iso || '' }, localTime(iso));
}

setInterval(() => {
  const now = Date.now();
  for (const t of document.querySelectorAll('time[data-age]')) {
    if (t.dataset.age) t.textContent = age(t.dataset.age, now);
  }
}, 10000);

/** Previous / next with "21–40 of 153"; onPage(offset). */
export function pager(offset, limit, total, onPage, label = 'Pages') {
  if (total <= limit && offset === 0) return h('div');
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(offset + limit, total);
  return h('nav', { class: 'pager', 'aria-label': label },
    h('button', {
      type: 'button', class: 'secondary small', disabled: offset === 0,
      onclick: () => onPage(Math.max(0, offset - limit)),
    }, 'Previous'),
    h('span', {}, `${from}–${to} of ${total}`),
    h('button', {
      type: 'button', class: 'secondary small', disabled: to >= total,
      onclick: () => onPage(offset + limit),
    }, 'Next'));
}

/** A message in a live region: kind is '', 'ok' or 'bad'. */
export function notice(kind, text) {
  return h('p', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, text);
}

export function showNotice(slot, kind, text) {
  fill(slot, notice(kind, text));
}

/** A table of class "cards" (one card per row on a phone); returns {table, body}. */
export function table(caption, headers) {
  const body = h('tbody');
  const t = h('table', { class: 'cards' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', {}, h('tr', {}, headers.map((x) => (typeof x === 'string'
      ? h('th', { scope: 'col' }, x)
      : h('th', { scope: 'col', class: x.class || '' }, x.label))))),
    body);
  return { table: h('div', { class: 'table-wrap' }, t), body };
}

export function cell(label, ...content) {
  return h('td', { 'data-label': label }, content);
}

export function emptyRow(body, columns, text) {
  fill(body, h('tr', {}, h('td', { colspan: String(columns), class: 'empty' }, text)));
}

/** Runs fn at most once per `ms`, the last call winning. */
export function throttle(fn, ms) {
  let timer = null;
  let last = 0;
  return () => {
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    timer = setTimeout(() => {
      timer = null;
      last = Date.now();
      fn();
    }, wait);
  };
}

/** Job label for names: the file name, else the short id. */
export function jobName(job) {
  return job.filename ? job.filename.split('/').pop() : `job ${job.job_id.slice(0, 8)}`;
}

export function canCancel(status) {
  return status === 'pending' || status === 'processing' || status === 'retrying';
}

export function canRetry(status) {
  return status === 'failed' || status === 'cancelled';
}
