import { api, query } from '../api.js';
import { h, fill } from '../dom.js';
import { throughputChart } from '../chart.js';
import { number, seconds, shortId, words } from '../format.js';
import { ageOf, badge, throttle, jobName, table, cell, emptyRow } from '../widgets.js';

/** Queue depth, throughput, processing times, workers, latest failures and health. */
export function overviewPage(main) {
  const health = h('section', { class: 'card', 'aria-labelledby': 'ov-health' });
  const queue = h('section', { class: 'card', 'aria-labelledby': 'ov-queue' });
  const times = h('section', { class: 'card', 'aria-labelledby': 'ov-times' });
  const chart = h('section', { class: 'card wide', 'aria-labelledby': 'ov-chart' });
  const workers = h('section', { class: 'card', 'aria-labelledby': 'ov-workers' });
  const failures = h('section', { class: 'card wide', 'aria-labelledby': 'ov-failures' });
  main.append(h('h1', {}, 'Overview'), h('div', { class: 'grid' }, health, queue, times, chart, workers, failures));
  for (const [el, id, title] of [[health, 'ov-health', 'Health'], [queue, 'ov-queue', 'Queue'],
    [times, 'ov-times', 'Processing times (24 h)'], [chart, 'ov-chart', 'Jobs per minute, last hour'],
    [workers, 'ov-workers', 'Live workers'], [failures, 'ov-failures', 'Latest failures']]) {
    el.append(h('h2', { id }, title), h('p', { class: 'loading' }, 'Loading…'));
  }

  async function load() {
    const [stats, hl, ws, failed] = await Promise.allSettled([
      api('/api/v1/jobs/statistics'),
      api('/api/v1/health', { accept: [503] }),
      api('/api/v1/workers'),
      api(`/api/v1/jobs${query({ status: 'failed', limit: 5 })}`),
    ]);
    section(health, 'ov-health', 'Health', hl, renderHealth);
    section(queue, 'ov-queue', 'Queue', stats, renderQueue);
    section(times, 'ov-times', 'Processing times (24 h)', stats, renderTimes);
    section(chart, 'ov-chart', 'Jobs per minute, last hour', stats, (s) => throughputChart(s.throughput.per_minute));
    section(workers, 'ov-workers', 'Live workers', ws, renderWorkers);
    section(failures, 'ov-failures', 'Latest failures', failed, renderFailures);
  }

  const soon = throttle(load, 2000);
  const timer = setInterval(load, 10000);
  load();
  return { onJob: soon, refresh: load, dispose: () => clearInterval(timer) };
}

function section(el, id, title, result, render) {
  const body = result.status === 'fulfilled'
    ? render(result.value)
    : h('p', { class: 'error-text' }, `Cannot read this: ${result.reason.message}`);
  fill(el, h('h2', { id }, title), body);
}

function renderHealth(hl) {
  const parts = [];
  for (const [name, part] of Object.entries(hl)) {
    if (name === 'services' || name === 'queue_stats' || !part || typeof part !== 'object') continue;
    if (name === 'workers') {
      parts.push([name, part.count > 0 ? 'ok' : 'none', `${part.count} live, ${part.busy} busy`]);
    } else if ('status' in part) {
      parts.push([name, part.status, describe(name, part)]);
    }
  }
  const listed = new Set(parts.map(([name]) => name));
  for (const [name, part] of Object.entries(hl.services || {})) {
    if (listed.has(name)) continue; // the database's own part says more
    parts.push([name, part.status, part.reason || '']);
  }
  return h('div', {},
    h('p', {}, 'Overall: ', badge(hl.status)),
    h('ul', { class: 'plain health-parts' }, parts.map(([name, status, detail]) => h('li', {},
      h('strong', {}, words(name)), ' ', badge(status), detail ? h('span', { class: 'muted' }, ` ${detail}`) : null))));
}

function describe(name, part) {
  const bits = [];
  if (part.dialect) bits.push(part.dialect);
  if (part.chunks != null) bits.push(`${number(part.chunks)} chunks`);
  if (part.reason) bits.push(part.reason);
  return bits.join(' · ');
}

function renderQueue(stats) {
  const q = stats.queue_stats;
  return h('ul', { class: 'stats' },
    stat('High', q.queue_lengths.high), stat('Medium', q.queue_lengths.medium),
    stat('Low', q.queue_lengths.low), stat('Waiting in all', q.total_pending));
}

function stat(label, value) {
  return h('li', {}, h('span', { class: 'value' }, number(value)), h('span', { class: 'label' }, label));
}

function renderTimes(stats) {
  const t = stats.processing_times.completed;
  if (!t.count) return h('p', { class: 'empty' }, 'No job completed in the last 24 hours.');
  return h('div', {},
    h('ul', { class: 'stats' },
      statText('Median', seconds(t.p50_seconds)), statText('p90', seconds(t.p90_seconds)),
      statText('p95', seconds(t.p95_seconds)), statText('p99', seconds(t.p99_seconds))),
    h('p', { class: 'muted' }, `${number(t.count)} completed · average ${seconds(t.avg_seconds)} · slowest ${seconds(t.max_seconds)}`));
}

function statText(label, text) {
  return h('li', {}, h('span', { class: 'value' }, text), h('span', { class: 'label' }, label));
}

function renderWorkers(ws) {
  if (ws.workers.length === 0) {
    return h('p', { class: 'empty' }, 'No worker is running: start the in-process pool on the Workers page, or run intake worker.');
  }
  const busy = ws.workers.filter((w) => w.current_job).length;
  return h('div', {},
    h('p', {}, `${ws.workers.length} live, ${busy} busy. `, h('a', { href: '#/workers' }, 'All workers')),
    h('ul', {}, ws.workers.slice(0, 8).map((w) => h('li', {}, `${w.name} on ${w.host} `,
      w.current_job ? h('a', { href: `#/jobs/${w.current_job}` }, `running ${shortId(w.current_job)}`) : h('span', { class: 'muted' }, 'idle')))));
}

function renderFailures(list) {
  const { table: t, body } = table('Latest failed jobs', ['Job', 'Reason', 'Failed']);
  if (list.jobs.length === 0) {
    emptyRow(body, 3, 'No job has failed. Failed jobs would be listed here with their reasons.');
  }
  for (const j of list.jobs) {
    body.append(h('tr', {},
      cell('Job', h('a', { href: `#/jobs/${j.job_id}` }, jobName(j)), h('span', { class: 'sub mono' }, shortId(j.job_id))),
      h('td', { class: 'reason', 'data-label': 'Reason' }, j.error_message || j.message || '—'),
      cell('Failed', ageOf(j.completed_at))));
  }
  return h('div', {}, t, list.total > list.jobs.length
    ? h('p', {}, h('a', { href: '#/dead-letters' }, `All ${list.total} failed jobs`)) : null);
}
