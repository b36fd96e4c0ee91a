// A row of a job table, kept live by job events: status, stage, progress and the buttons the
// state allows.
import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { shortId, words } from '../format.js';
import { ageOf, badge, canCancel, canRetry, cell, jobName, progressBar, setProgress, FINISHED } from '../widgets.js';

/**
 * Builds the row of one job. `opts.select(job, checked)` adds a selection box; `opts.onChange()`
 * runs after a cancel or retry from the row; `opts.say(kind, text)` reports the outcome.
 */
export function jobRow(job, opts = {}) {
  const name = jobName(job);
  const statusCell = cell('Status');
  const stageCell = cell('Stage');
  const bar = progressBar(job.progress, `Progress of ${name}`, job.status);
  const attemptCell = h('td', { class: 'num', 'data-label': 'Attempt' });
  const actions = h('td', { 'data-label': 'Actions' });
  const messageEl = h('span', { class: 'sub' });
  const row = h('tr', { 'data-job-id': job.job_id });
  let box = null;
  if (opts.select) {
    box = h('input', {
      type: 'checkbox',
      'aria-label': `Select ${name} (${shortId(job.job_id)})`,
      onchange: () => opts.select(row.job, box.checked),
    });
    row.append(h('td', { 'data-label': 'Select' }, box));
  }
  row.append(
    cell('Job', h('a', { href: `#/jobs/${job.job_id}` }, name), h('span', { class: 'sub mono' }, shortId(job.job_id))),
    cell('Type', words(job.task_type)),
    statusCell,
    stageCell,
    cell('Progress', bar, messageEl),
    cell('Priority', job.priority),
    attemptCell,
    cell('Age', ageOf(job.created_at)),
    actions,
  );
  row.job = job;
  row.box = box;

  row.update = (change) => {
    const j = { ...row.job, ...change };
    row.job = j;
    fill(statusCell, badge(j.status));
    fill(stageCell, j.status === 'processing' && j.stage ? words(j.stage) : '—');
    setProgress(bar, j.progress, j.status);
    messageEl.textContent = j.status === 'failed' && j.error_message ? j.error_message : (j.message || '');
    const attempt = j.attempt ?? (j.retry_count + 1);
    attemptCell.textContent = `${attempt} of ${j.max_retries + 1}`;
    fill(actions, rowButtons(j, name, opts));
  };
  row.update({});
  return row;
}

function rowButtons(job, name, opts) {
  const buttons = [];
  if (canCancel(job.status)) {
    buttons.push(h('button', {
      type: 'button', class: 'secondary small', 'aria-label': `Cancel ${name}`,
      onclick: (e) => act(e.currentTarget, 'cancel', job, name, opts),
    }, 'Cancel'));
  }
  if (canRetry(job.status)) {
    buttons.push(h('button', {
      type: 'button', class: 'small', 'aria-label': `Retry ${name}`,
      onclick: (e) => act(e.currentTarget, 'retry', job, name, opts),
    }, 'Retry'));
  }
  return buttons.length ? h('div', { class: 'actions' }, buttons) : h('span', { class: 'muted' }, '—');
}

async function act(button, verb, job, name, opts) {
  button.disabled = true;
  try {
    const updated = await api(`/api/v1/jobs/${job.job_id}/${verb}`, { method: 'POST' });
    opts.say?.('ok', verb === 'cancel'
      ? (FINISHED.has(updated.status) ? `${name} is cancelled.` : `Cancelling ${name}: it stops at its next safe point.`)
      : `${name} is queued again.`);
    opts.onChange?.(updated);
  } catch (e) {
    button.disabled = false;
    opts.say?.('bad', `Could not ${verb} ${name}: ${e.message}`);
  }
}

/** Cancels or retries many jobs, one request each; says how many went through and why not. */
export async function bulk(verb, jobs, say) {
  let done = 0;
  const problems = [];
  for (const j of jobs) {
    try {
      await api(`/api/v1/jobs/${j.job_id}/${verb}`, { method: 'POST' });
      done += 1;
    } catch (e) {
      problems.push(`${jobName(j)}: ${e.message}`);
    }
  }
  const what = verb === 'cancel' ? 'Cancelled' : 'Queued again';
  say(problems.length ? 'bad' : 'ok',
    `${what}: ${done} of ${jobs.length}.${problems.length ? ` Not done: ${problems.join('; ')}` : ''}`);
}

export const JOB_HEADERS = ['Job', 'Type', 'Status', 'Stage', 'Progress', 'Priority',
  { label: 'Attempt', class: 'num' }, 'Age', 'Actions'];
