import { api, query } from '../api.js';
import { h, fill } from '../dom.js';
import { number, seconds, shortId, words } from '../format.js';
import {
  badge, canCancel, canRetry, emptyRow, jobName, pager, progressBar, setProgress, showNotice, table, throttle, timeOf,
} from '../widgets.js';
import { JOB_HEADERS, jobRow } from './jobrows.js';

const CHILDREN = 20;

/** One job: its state, timeline, attempts, result, and for a batch its files. */
export function jobPage(main, { id }) {
  const heading = h('h1', {}, `Job ${shortId(id)}`);
  const say = h('div', { 'aria-live': 'polite' });
  const summary = h('section', { class: 'card', 'aria-label': 'Summary' }, h('p', { class: 'loading' }, 'Loading…'));
  const children = h('section', { class: 'card', 'aria-labelledby': 'job-children', hidden: true });
  const timeline = h('section', { class: 'card', 'aria-labelledby': 'job-timeline' });
  const attempts = h('section', { class: 'card', 'aria-labelledby': 'job-attempts' });
  const result = h('section', { class: 'card', 'aria-labelledby': 'job-result' });
  main.append(heading, say, summary, children, timeline, attempts, result);
  let job = null;
  let bar = null;
  let messageEl = null;
  let childOffset = 0;
  const childRows = new Map();

  async function load() {
    try {
      job = await api(`/api/v1/jobs/${id}`);
    } catch (e) {
      fill(summary, h('p', { class: 'error-text', role: 'alert' },
        e.status === 404 ? `There is no job ${id}: it may have been removed by the retention.` : `The job cannot be read: ${e.message}`));
      return;
    }
    heading.textContent = `${words(job.task_type)}: ${jobName(job)}`;
    renderSummary();
    loadHistory();
    renderResult();
    if (job.task_type === 'directory_batch') loadChildren();
  }

  function renderSummary() {
    bar = progressBar(job.progress, `Progress of ${jobName(job)}`, job.status);
    messageEl = h('span', {}, job.message || '—');
    const buttons = [];
    if (canCancel(job.status)) buttons.push(h('button', { type: 'button', class: 'secondary', onclick: () => act('cancel') }, 'Cancel job'));
    if (canRetry(job.status)) buttons.push(h('button', { type: 'button', onclick: () => act('retry') }, 'Retry job'));
    const facts = [
      ['Status', badge(job.status)],
      ['Stage', job.status === 'processing' && job.stage ? words(job.stage) : '—'],
      ['Progress', bar],
      ['Message', messageEl],
    ];
    if (job.error_message) facts.push(['Error', h('span', { class: 'error-text' }, job.error_message)]);
    facts.push(
      ['Job id', h('span', { class: 'mono' }, job.job_id)],
      ['Type', words(job.task_type)],
      ['Priority', job.priority],
      ['Attempt', job.task_type === 'directory_batch' ? 'run through its files' : `${job.attempt} of ${job.max_retries + 1} (retries so far: ${job.retry_count})`],
      ['Worker', job.worker_id ? h('span', { class: 'mono' }, job.worker_id) : '—'],
      ['Created', timeOf(job.created_at)],
      ['Started', timeOf(job.started_at)],
      ['Finished', timeOf(job.completed_at)],
    );
    if (job.document_id) facts.push(['Document', h('a', { href: `#/documents/${job.document_id}` }, job.filename || job.document_id)]);
    else if (job.filename) facts.push([job.task_type === 'directory_batch' ? 'Directory' : 'File', h('span', { class: 'mono', 'data-server-path': '' }, job.filename)]);
    if (job.parent_job_id) facts.push(['Batch', h('a', { href: `#/jobs/${job.parent_job_id}` }, `batch ${shortId(job.parent_job_id)}`)]);
    fill(summary, h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      buttons.length ? h('div', { class: 'actions' }, buttons) : null);
  }

  async function act(verb) {
    try {
      job = await api(`/api/v1/jobs/${id}/${verb}`, { method: 'POST' });
      showNotice(say, 'ok', verb === 'cancel' ? 'Cancel requested.' : 'The job is queued again.');
      renderSummary();
      loadHistory();
    } catch (e) {
      showNotice(say, 'bad', `Could not ${verb} the job: ${e.message}`);
    }
  }

  async function loadHistory() {
    let hist;
    try {
      hist = await api(`/api/v1/jobs/${id}/history`);
    } catch (e) {
      fill(timeline, h('h2', { id: 'job-timeline' }, 'Timeline'), h('p', { class: 'error-text' }, `Cannot read the timeline: ${e.message}`));
      return;
    }
    fill(timeline, h('h2', { id: 'job-timeline' }, 'Timeline'),
      hist.timeline.length === 0
        ? h('p', { class: 'empty' }, 'No changes recorded for this job.')
        : h('ol', { class: 'timeline' }, hist.timeline.map((c) => h('li', {},
          timeOf(c.at),
          h('span', {}, badge(c.status), c.stage ? ` ${words(c.stage)}` : '',
            c.attempt ? h('span', { class: 'muted' }, ` · attempt ${c.attempt}`) : '',
            c.message ? h('span', { class: 'sub' }, c.message) : null,
            c.error_message && c.status !== 'completed' ? h('span', { class: 'sub error-text' }, c.error_message) : null)))));
    const { table: t, body } = table('Attempts', ['Attempt', 'Worker', 'Started', 'Ended', 'Outcome', 'Error']);
    if (hist.attempts.length === 0) {
      emptyRow(body, 6, job.task_type === 'directory_batch'
        ? 'A batch is not run by a worker itself: each of its files is a job of its own (listed above).'
        : 'No worker has run this job yet.');
    }
    for (const a of hist.attempts) {
      body.append(h('tr', {},
        h('td', { 'data-label': 'Attempt' }, String(a.attempt)),
        h('td', { 'data-label': 'Worker', class: 'mono' }, a.worker_id || '—'),
        h('td', { 'data-label': 'Started' }, timeOf(a.started_at)),
        h('td', { 'data-label': 'Ended' }, a.ended_at ? timeOf(a.ended_at) : 'running'),
        h('td', { 'data-label': 'Outcome' }, a.outcome ? badge(a.outcome === 'pending' ? 'handed back' : a.outcome) : badge('processing')),
        h('td', { 'data-label': 'Error', class: 'reason' }, a.error_message || '—')));
    }
    fill(attempts, h('h2', { id: 'job-attempts' }, 'Attempts'), t);
  }

  function renderResult() {
    const r = job.result;
    let body;
    if (!r) {
      body = h('p', { class: 'empty' }, job.status === 'failed' ? 'No result: the job failed (see the error above).' : 'No result yet: it appears when the job completes.');
    } else if (job.task_type === 'directory_batch') {
      body = h('dl', { class: 'facts' },
        [['Files', r.total_files], ['Successful', r.successful], ['Failed', r.failed], ['Skipped (identical content)', r.skipped]]
          .map(([k, v]) => [h('dt', {}, k), h('dd', {}, number(v))]));
    } else {
      const facts = [['Chunks', number(r.chunk_count)], ['Pages', number(r.pages)], ['Characters', number(r.characters)],
        ['Duration', seconds(r.duration_seconds)]];
      if (r.resumed_from_chunk) facts.push(['Resumed from chunk', number(r.resumed_from_chunk)]);
      if (r.skipped) facts.push(['Skipped', 'identical content was already ingested']);
      body = h('dl', { class: 'facts' }, facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
    }
    fill(result, h('h2', { id: 'job-result' }, 'Result'), body,
      r ? h('details', {}, h('summary', {}, 'Show the result as JSON'), h('pre', { class: 'mono' }, JSON.stringify(r, null, 2))) : null);
  }

  async function loadChildren() {
    children.hidden = false;
    let list;
    try {
      list = await api(`/api/v1/jobs${query({ parent_job_id: id, limit: CHILDREN, offset: childOffset })}`);
    } catch (e) {
      fill(children, h('h2', { id: 'job-children' }, 'Files of this batch'), h('p', { class: 'error-text' }, `Cannot read the files: ${e.message}`));
      return;
    }
    const c = job.children || { total: 0, pending: 0, processing: 0, completed: 0, failed: 0, cancelled: 0 };
    const counts = h('ul', { class: 'stats', 'aria-label': 'Files by state' },
      ['total', 'pending', 'processing', 'completed', 'failed', 'cancelled'].map((k) => h('li', { 'data-count': k },
        h('span', { class: 'value' }, number(c[k])), h('span', { class: 'label' }, k === 'total' ? 'files' : k))));
    const { table: t, body } = table('Files of this batch', JOB_HEADERS);
    childRows.clear();
    for (const j of list.jobs) {
      const row = jobRow(j, { onChange: load, say: (k, m) => showNotice(say, k, m) });
      childRows.set(j.job_id, row);
      body.append(row);
    }
    if (list.jobs.length === 0) emptyRow(body, 9, 'This batch has no files.');
    fill(children, h('h2', { id: 'job-children' }, 'Files of this batch'), counts, t,
      pager(childOffset, CHILDREN, list.total, (o) => { childOffset = o; loadChildren(); }, 'Pages of files'));
  }

  const reload = throttle(load, 1000);
  function onJob(ev) {
    if (!job) return;
    const child = childRows.get(ev.job_id);
    if (child) child.update(ev);
    if (ev.job_id !== id) return;
    const changed = ev.status !== job.status || ev.stage !== job.stage;
    job = { ...job, ...ev };
    if (job.task_type === 'directory_batch' || ev.status !== 'processing' || changed) {
      reload();
    } else if (bar) {
      setProgress(bar, ev.progress, ev.status);
      messageEl.textContent = ev.message || '—';
    }
  }

  load();
  return { onJob, refresh: load };
}

