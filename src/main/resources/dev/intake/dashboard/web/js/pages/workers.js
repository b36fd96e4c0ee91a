import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { number, shortId } from '../format.js';
import { ageOf, badge, cell, emptyRow, showNotice, table, throttle, timeOf } from '../widgets.js';

/** Every live worker of every process, and the in-process pool's start and stop. */
export function workersPage(main) {
  const say = h('div', { 'aria-live': 'polite' });
  const pool = h('p', {}, 'In-process pool: ', h('span', { class: 'muted' }, 'reading…'));
  const start = h('button', { type: 'button', onclick: () => control('start') }, 'Start workers');
  const stop = h('button', { type: 'button', class: 'secondary', onclick: () => control('stop') }, 'Stop workers');
  const { table: t, body } = table('Workers', ['Worker', 'Host', { label: 'PID', class: 'num' }, 'Takes', 'Current job',
    { label: 'Processed', class: 'num' }, { label: 'Failed', class: 'num' }, 'Last heartbeat', 'Started']);
  main.append(h('h1', {}, 'Workers'),
    h('section', { class: 'card', 'aria-labelledby': 'w-pool' }, h('h2', { id: 'w-pool' }, 'This server’s worker pool'), pool,
      h('div', { class: 'actions' }, start, stop),
      h('p', { class: 'muted' }, 'Stopping lets running jobs finish within the shutdown grace, then hands them back to the queue.')),
    say, t);

  async function load() {
    const [ws, wh] = await Promise.allSettled([api('/api/v1/workers'), api('/api/v1/health/workers')]);
    if (wh.status === 'fulfilled') {
      fill(pool, 'In-process pool: ', badge(wh.value.pool), ` · ${wh.value.worker_count} live workers in all, ${wh.value.running_workers} busy`);
      start.disabled = wh.value.pool !== 'stopped';
      stop.disabled = wh.value.pool !== 'running';
    }
    if (ws.status === 'rejected') {
      emptyRow(body, 9, `The workers cannot be read: ${ws.reason.message}`);
      return;
    }
    body.replaceChildren();
    for (const w of ws.value.workers) {
      body.append(h('tr', {},
        cell('Worker', w.name, h('span', { class: 'sub mono' }, w.worker_id)),
        cell('Host', w.host),
        h('td', { class: 'num', 'data-label': 'PID' }, String(w.pid)),
        cell('Takes', w.priority === 'high' ? 'high priority only' : 'any priority'),
        cell('Current job', w.current_job ? h('a', { href: `#/jobs/${w.current_job}` }, `job ${shortId(w.current_job)}`) : h('span', { class: 'muted' }, 'idle')),
        h('td', { class: 'num', 'data-label': 'Processed' }, number(w.processed)),
        h('td', { class: 'num', 'data-label': 'Failed' }, number(w.failed)),
        cell('Last heartbeat', ageOf(w.last_heartbeat)),
        cell('Started', timeOf(w.started_at))));
    }
    if (ws.value.workers.length === 0) {
      emptyRow(body, 9, 'No worker is running. Start this server’s pool above, or run intake worker on a machine that reaches the database.');
    }
  }

  async function control(verb) {
    start.disabled = true;
    stop.disabled = true;
    try {
      const a = await api(`/api/v1/workers/${verb}`, { method: 'POST' });
      showNotice(say, 'ok', a.message || (verb === 'start' ? `Workers are ${a.status}.` : `Workers are ${a.status}.`));
    } catch (e) {
      showNotice(say, 'bad', `Could not ${verb} the workers: ${e.message}`);
    }
    load();
  }

  const reload = throttle(load, 1500);
  const timer = setInterval(load, 5000);
  load();
  return { onJob: reload, refresh: load, dispose: () => clearInterval(timer) };
}
