import { api, query } from '../api.js';
import { h, fill, field } from '../dom.js';
import { canCancel, canRetry, emptyRow, pager, showNotice, table, throttle } from '../widgets.js';
import { JOB_HEADERS, bulk, jobRow } from './jobrows.js';

const LIMIT = 20;
const STATUSES = ['pending', 'processing', 'retrying', 'completed', 'failed', 'cancelled'];
const TYPES = ['single_document', 'directory_batch', 'document_reprocess'];

/** Every job, newest first, filtered by status and type, with live progress. */
export function jobsPage(main, { params }) {
  const state = {
    status: params.get('status') || '',
    type: params.get('type') || '',
    offset: Number(params.get('offset')) || 0,
  };
  const selected = new Map();
  const rows = new Map();
  const say = h('div', { 'aria-live': 'polite' });
  const statusSel = select(['', ...STATUSES], state.status, 'Any status');
  const typeSel = select(['', ...TYPES], state.type, 'Any type');
  const selectAll = h('input', { type: 'checkbox', onchange: () => toggleAll(selectAll.checked) });
  const cancelSel = h('button', { type: 'button', class: 'secondary', disabled: true, onclick: () => runBulk('cancel') }, 'Cancel selected');
  const retrySel = h('button', { type: 'button', disabled: true, onclick: () => runBulk('retry') }, 'Retry selected');
  const { table: t, body } = table('Jobs', [{ label: h('span', { class: 'visually-hidden' }, 'Select'), class: '' }, ...JOB_HEADERS]);
  const pagerSlot = h('div');
  const countEl = h('p', { class: 'muted', 'aria-live': 'polite' });

  statusSel.addEventListener('change', () => { state.status = statusSel.value; state.offset = 0; navigate(); });
  typeSel.addEventListener('change', () => { state.type = typeSel.value; state.offset = 0; navigate(); });

  main.append(
    h('h1', {}, 'Jobs'),
    h('form', { class: 'inline', onsubmit: (e) => e.preventDefault(), 'aria-label': 'Filter jobs' },
      field('Status', statusSel), field('Type', typeSel)),
    h('div', { class: 'toolbar' },
      h('label', { class: 'check' }, selectAll, 'Select all on this page'), cancelSel, retrySel),
    say, countEl, t, pagerSlot);

  function navigate() {
    history.replaceState(null, '', `#/jobs${query({ status: state.status, type: state.type, offset: state.offset || null })}`);
    load();
  }

  async function load() {
    let list;
    try {
      list = await api(`/api/v1/jobs${query({ status: state.status, task_type: state.type, limit: LIMIT, offset: state.offset })}`);
    } catch (e) {
      if (rows.size === 0) emptyRow(body, 10, `The jobs cannot be read: ${e.message}`);
      else showNotice(say, 'bad', `The list could not be refreshed: ${e.message}`);
      return;
    }
    rows.clear();
    body.replaceChildren();
    for (const job of list.jobs) {
      const row = jobRow(job, { select: onSelect, onChange: load, say: (k, m) => showNotice(say, k, m) });
      if (selected.has(job.job_id)) {
        row.box.checked = true;
        selected.set(job.job_id, job);
      }
      rows.set(job.job_id, row);
      body.append(row);
    }
    for (const id of [...selected.keys()]) if (!rows.has(id)) selected.delete(id);
    if (list.jobs.length === 0) {
      emptyRow(body, 10, state.status || state.type
        ? 'No job matches these filters.'
        : 'No jobs yet. Upload documents on the Upload page and they appear here.');
    }
    countEl.textContent = `${list.total} ${list.total === 1 ? 'job' : 'jobs'}${state.status || state.type ? ' match' : ' in all'}.`;
    fill(pagerSlot, pager(state.offset, LIMIT, list.total, (o) => { state.offset = o; navigate(); }, 'Pages of jobs'));
    updateBulk();
  }

  function onSelect(job, checked) {
    if (checked) selected.set(job.job_id, job);
    else selected.delete(job.job_id);
    updateBulk();
  }

  function toggleAll(checked) {
    for (const row of rows.values()) {
      row.box.checked = checked;
      onSelect(row.job, checked);
    }
  }

  function updateBulk() {
    const jobs = [...selected.values()].map((j) => rows.get(j.job_id)?.job || j);
    const cancellable = jobs.filter((j) => canCancel(j.status)).length;
    const retryable = jobs.filter((j) => canRetry(j.status)).length;
    cancelSel.disabled = cancellable === 0;
    retrySel.disabled = retryable === 0;
    cancelSel.textContent = cancellable ? `Cancel selected (${cancellable})` : 'Cancel selected';
    retrySel.textContent = retryable ? `Retry selected (${retryable})` : 'Retry selected';
    selectAll.checked = rows.size > 0 && [...rows.keys()].every((id) => selected.has(id));
  }

  async function runBulk(verb) {
    const jobs = [...selected.values()].map((j) => rows.get(j.job_id)?.job || j)
      .filter((j) => (verb === 'cancel' ? canCancel(j.status) : canRetry(j.status)));
    cancelSel.disabled = true;
    retrySel.disabled = true;
    await bulk(verb, jobs, (k, m) => showNotice(say, k, m));
    selected.clear();
    load();
  }

  const reload = throttle(load, 1000);
  function onJob(ev) {
    const row = rows.get(ev.job_id);
    if (row) {
      const statusChanged = row.job.status !== ev.status;
      row.update(ev);
      if (statusChanged) {
        updateBulk();
        if (state.status && ev.status !== state.status) reload();
        else if (statusChanged) refreshRow(row);
      }
    } else if (state.offset === 0) {
      reload(); // a new job, or one that now matches the filter
    }
  }

  // A status change may bring an error message or a result: read the job itself.
  async function refreshRow(row) {
    try {
      row.update(await api(`/api/v1/jobs/${row.job.job_id}`));
    } catch {
      // the next event or reload brings it
    }
  }

  load();
  return { onJob, refresh: load };
}

function select(values, current, anyLabel) {
  return h('select', {}, values.map((v) => h('option', { value: v, selected: v === current }, v ? v.replaceAll('_', ' ') : anyLabel)));
}
