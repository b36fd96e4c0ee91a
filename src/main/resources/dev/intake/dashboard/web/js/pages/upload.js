import { api } from '../api.js';
import { h, fill, field } from '../dom.js';
import { bytes, shortId } from '../format.js';
import { badge, cell, progressBar, setProgress, table, FINISHED } from '../widgets.js';

const PARALLEL = 2;

/** Uploads many files, each row following its job to the end; and directory ingestion. */
export function uploadPage(main) {
  const priority = h('select', { name: 'priority' }, ['high', 'medium', 'low'].map((p) => h('option', { value: p }, p)));
  const chunkSize = h('input', { type: 'number', name: 'chunk_size', min: '32', max: '2048', inputmode: 'numeric', placeholder: 'server default' });
  const overlap = h('input', { type: 'number', name: 'chunk_overlap', min: '0', max: '2047', inputmode: 'numeric', placeholder: 'server default' });
  const force = h('input', { type: 'checkbox', name: 'force' });
  const picker = h('input', { type: 'file', multiple: true, class: 'visually-hidden', id: 'upload-files', tabindex: '-1', 'aria-hidden': 'true' });
  const choose = h('button', { type: 'button', onclick: () => picker.click() }, 'Choose files…');
  const zone = h('div', { class: 'dropzone', role: 'region', 'aria-label': 'Drop files here to upload them' },
    h('p', {}, 'Drop files here, or '), choose, picker,
    h('p', { class: 'muted' }, 'PDF, Word, OpenDocument, HTML, Markdown, text and more; each file becomes its own job.'));
  const { table: t, body } = table('Uploads', ['File', 'Size', 'Status', 'Progress', 'Job']);
  const uploads = h('section', { class: 'card', 'aria-labelledby': 'up-list', hidden: true }, h('h2', { id: 'up-list' }, 'This session’s uploads'), t);
  const rows = new Map(); // job id -> row
  const queue = [];
  let active = 0;

  picker.addEventListener('change', () => {
    add([...picker.files]);
    picker.value = '';
  });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('over');
    add([...e.dataTransfer.files]);
  });

  const dirPath = h('input', { type: 'text', name: 'directory_path', required: true, autocomplete: 'off', spellcheck: 'false' });
  const patterns = h('input', { type: 'text', name: 'file_patterns', placeholder: '*.pdf, *.docx', autocomplete: 'off', spellcheck: 'false' });
  const recursive = h('input', { type: 'checkbox', name: 'recursive', checked: true });
  const dirAnswer = h('div', { 'aria-live': 'polite' });
  const dirForm = h('form', { onsubmit: (e) => { e.preventDefault(); ingestDirectory(); } },
    h('div', { class: 'toolbar' },
      field('Directory on the server', dirPath, 'Below one of INTAKE_ALLOWED_DIRS'),
      field('File patterns', patterns, 'Comma-separated; empty: every type the parser reads'),
      h('label', { class: 'check' }, recursive, 'Include subdirectories'),
      h('button', { type: 'submit' }, 'Ingest directory')),
    dirAnswer);

  main.append(
    h('h1', {}, 'Upload'),
    h('section', { class: 'card', 'aria-labelledby': 'up-files' },
      h('h2', { id: 'up-files' }, 'Files'),
      h('div', { class: 'toolbar' },
        field('Priority', priority), field('Chunk size (tokens)', chunkSize), field('Chunk overlap (tokens)', overlap),
        h('label', { class: 'check' }, force, 'Ingest again even if identical content exists')),
      zone),
    uploads,
    h('section', { class: 'card', 'aria-labelledby': 'up-dir' }, h('h2', { id: 'up-dir' }, 'Ingest a directory'), dirForm));

  function add(files) {
    if (files.length === 0) return;
    uploads.hidden = false;
    for (const file of files) {
      const row = uploadRow(file);
      body.prepend(row);
      queue.push({ file, row, settings: settings() });
    }
    pump();
  }

  function settings() {
    return { priority: priority.value, chunk_size: chunkSize.value, chunk_overlap: overlap.value, force: force.checked };
  }

  function pump() {
    while (active < PARALLEL && queue.length) {
      const item = queue.shift();
      active += 1;
      send(item).finally(() => { active -= 1; pump(); });
    }
  }

  async function send({ file, row, settings: s }) {
    row.set({ status: 'uploading', message: 'Uploading…' });
    const form = new FormData();
    form.append('file', file, file.name);
    form.append('priority', s.priority);
    if (s.chunk_size) form.append('chunk_size', s.chunk_size);
    if (s.chunk_overlap) form.append('chunk_overlap', s.chunk_overlap);
    if (s.force) form.append('force', 'true');
    try {
      const answer = await api('/api/v1/documents/upload', { method: 'POST', form });
      row.jobId = answer.job_id;
      if (answer.job_id) rows.set(answer.job_id, row);
      row.linkJob(answer.job_id, answer.document_id);
      if (answer.duplicate) {
        row.set({ status: answer.status, message: 'Identical content was already ingested with these settings; nothing new was queued.', progress: answer.status === 'completed' ? 100 : 0 });
        return;
      }
      row.set({ status: 'pending', message: 'Queued', progress: 0 });
      follow(row);
    } catch (e) {
      row.set({ status: 'failed', message: `Not uploaded: ${e.message}` });
    }
  }

  // The event stream may have moved on before the job was known here: read it once.
  async function follow(row) {
    try {
      const j = await api(`/api/v1/jobs/${row.jobId}`);
      row.set(j.status === 'failed' ? { ...j, message: j.error_message || j.message } : j);
    } catch {
      // events keep the row going
    }
  }

  async function ingestDirectory() {
    const list = patterns.value.split(',').map((p) => p.trim()).filter(Boolean);
    const request = { directory_path: dirPath.value.trim(), recursive: recursive.checked };
    if (list.length) request.file_patterns = list;
    fill(dirAnswer, h('p', { class: 'loading' }, 'Listing the directory…'));
    try {
      const a = await api('/api/v1/documents/ingest-directory', { method: 'POST', body: request });
      fill(dirAnswer, h('p', { class: 'notice ok', role: 'status' }, `${a.message}. `,
        h('a', { href: `#/jobs/${a.job_id}` }, `Follow batch ${shortId(a.job_id)}`),
        ` (${a.total_files_found} files found in `, h('span', { 'data-server-path': '' }, a.directory_path), ')'));
    } catch (e) {
      fill(dirAnswer, h('p', { class: 'notice bad', role: 'alert' }, `The server refused: ${e.message}`));
    }
  }

  function onJob(ev) {
    const row = rows.get(ev.job_id);
    if (!row) return;
    if (ev.status === 'failed') {
      follow(row); // the event has no error message; the job has
      return;
    }
    row.set(ev);
  }

  function refresh() {
    for (const row of rows.values()) if (!FINISHED.has(row.status)) follow(row);
  }

  return { onJob, refresh };
}

function uploadRow(file) {
  const statusCell = cell('Status');
  const bar = progressBar(0, `Progress of ${file.name}`, 'pending');
  const message = h('span', { class: 'sub' });
  const jobCell = cell('Job', h('span', { class: 'muted' }, '—'));
  const row = h('tr', {}, cell('File', file.name), h('td', { class: 'num', 'data-label': 'Size' }, bytes(file.size)),
    statusCell, cell('Progress', bar, message), jobCell);
  row.status = 'waiting';
  row.set = (ev) => {
    if (ev.status) row.status = ev.status;
    fill(statusCell, badge(row.status));
    if (ev.progress != null) setProgress(bar, ev.progress, row.status);
    if (ev.message != null) message.textContent = ev.message;
  };
  row.linkJob = (jobId, documentId) => {
    fill(jobCell, jobId ? h('a', { href: `#/jobs/${jobId}` }, `job ${shortId(jobId)}`) : null,
      documentId ? h('a', { class: 'sub', href: `#/documents/${documentId}` }, 'document') : null);
  };
  row.set({ status: 'waiting', message: 'Waiting to upload' });
  return row;
}
