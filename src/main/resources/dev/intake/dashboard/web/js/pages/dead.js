import { api, query } from '../api.js';
import { h, fill } from '../dom.js';
import { shortId, words } from '../format.js';
import { ageOf, cell, emptyRow, jobName, pager, showNotice, table, throttle } from '../widgets.js';
import { bulk } from './jobrows.js';

const LIMIT = 20;

/** Failed jobs with their reasons; retry one, the selected, or all shown. */
export function deadLettersPage(main, { params }) {
  let offset = Number(params.get('offset')) || 0;
  const say = h('div', { 'aria-live': 'polite' });
  const selected = new Map();
  const shown = new Map();
  const retrySel = h('button', { type: 'button', disabled: true, onclick: () => retry([...selected.values()]) }, 'Retry selected');
  const retryAll = h('button', { type: 'button', class: 'secondary', disabled: true, onclick: () => retry([...shown.values()]) }, 'Retry all shown');
  const { table: t, body } = table('Failed jobs', [{ label: h('span', { class: 'visually-hidden' }, 'Select') }, 'Job', 'Reason', 'Attempts', 'Failed', 'Actions']);
  const count = h('p', { class: 'muted' });
  const pagerSlot = h('div');
  main.append(h('h1', {}, 'Dead letters'),
    h('p', { class: 'muted' }, 'Jobs that failed for good: after their last attempt, or at once for a file that cannot be ingested. Retry queues a job again from the start.'),
    h('div', { class: 'toolbar' }, retrySel, retryAll), say, count, t, pagerSlot);

  async function load() {
    let list;
    try {
      list = await api(`/api/v1/jobs${query({ status: 'failed', limit: LIMIT, offset })}`);
    } catch (e) {
      emptyRow(body, 6, `The failed jobs cannot be read: ${e.message}`);
      return;
    }
    shown.clear();
    body.replaceChildren();
    for (const j of list.jobs) {
      shown.set(j.job_id, j);
      const name = jobName(j);
      const box = h('input', { type: 'checkbox', 'aria-label': `Select ${name} (${shortId(j.job_id)})`, checked: selected.has(j.job_id),
        onchange: () => { if (box.checked) selected.set(j.job_id, j); else selected.delete(j.job_id); update(); } });
      body.append(h('tr', { 'data-job-id': j.job_id },
        cell('Select', box),
        cell('Job', h('a', { href: `#/jobs/${j.job_id}` }, name), h('span', { class: 'sub' }, `${words(j.task_type)} · ${shortId(j.job_id)}`)),
        h('td', { class: 'reason', 'data-label': 'Reason' }, j.error_message || j.message || 'No reason was recorded.'),
        h('td', { class: 'num', 'data-label': 'Attempts' }, String(j.attempt)),
        cell('Failed', ageOf(j.completed_at)),
        cell('Actions', h('button', { type: 'button', class: 'small', 'aria-label': `Retry ${name}`, onclick: () => retry([j]) }, 'Retry'))));
    }
    for (const id of [...selected.keys()]) if (!shown.has(id)) selected.delete(id);
    if (list.jobs.length === 0) emptyRow(body, 6, 'No failed jobs: nothing waits to be retried.');
    count.textContent = `${list.total} failed ${list.total === 1 ? 'job' : 'jobs'}.`;
    fill(pagerSlot, pager(offset, LIMIT, list.total, (o) => { offset = o; load(); }, 'Pages of failed jobs'));
    update();
  }

  function update() {
    retrySel.disabled = selected.size === 0;
    retrySel.textContent = selected.size ? `Retry selected (${selected.size})` : 'Retry selected';
    retryAll.disabled = shown.size === 0;
    retryAll.textContent = shown.size ? `Retry all shown (${shown.size})` : 'Retry all shown';
  }

  async function retry(jobs) {
    retrySel.disabled = true;
    retryAll.disabled = true;
    await bulk('retry', jobs, (k, m) => showNotice(say, k, m));
    for (const j of jobs) selected.delete(j.job_id);
    load();
  }

  const reload = throttle(load, 1500);
  load();
  return { onJob: (ev) => { if (ev.status === 'failed' || shown.has(ev.job_id)) reload(); }, refresh: load };
}
