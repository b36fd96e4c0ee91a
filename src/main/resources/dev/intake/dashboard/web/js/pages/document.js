import { api, query } from '../api.js';
import { h, fill, field } from '../dom.js';
import { bytes, number, pages, shortId } from '../format.js';
import { badge, pager, showNotice, throttle, timeOf } from '../widgets.js';

const CHUNKS = 10;
const KNOWN = ['document_id', 'filename', 'status', 'pages', 'chunk_count', 'size_bytes', 'content_type', 'sha256',
  'created_at', 'updated_at', 'job_id'];

/** One document: metadata, its chunks by page and section, reprocess and delete. */
export function documentPage(main, { id }) {
  const heading = h('h1', {}, `Document ${shortId(id)}`);
  const say = h('div', { 'aria-live': 'polite' });
  const facts = h('section', { class: 'card', 'aria-label': 'Metadata' }, h('p', { class: 'loading' }, 'Loading…'));
  const chunks = h('section', { class: 'card', 'aria-labelledby': 'doc-chunks' });
  const manage = h('section', { class: 'card', 'aria-labelledby': 'doc-manage' });
  main.append(heading, say, facts, chunks, manage);
  let doc = null;
  let offset = 0;

  async function load() {
    try {
      doc = await api(`/api/v1/documents/${id}`);
    } catch (e) {
      fill(facts, h('p', { class: 'error-text', role: 'alert' },
        e.status === 404 ? `There is no document ${id}: it was deleted, or never existed.` : `The document cannot be read: ${e.message}`));
      chunks.hidden = true;
      manage.hidden = true;
      return;
    }
    heading.textContent = doc.filename;
    const rows = [
      ['Status', badge(doc.status)],
      ['Pages', number(doc.pages)],
      ['Chunks', number(doc.chunk_count)],
      ['Size', bytes(doc.size_bytes)],
      ['Type', doc.content_type || '—'],
    ];
    for (const [k, v] of Object.entries(doc)) {
      if (!KNOWN.includes(k) && v != null && typeof v !== 'object') rows.push([k.replaceAll('_', ' ').replace(/^./, (c) => c.toUpperCase()), String(v)]);
    }
    rows.push(
      ['Added', timeOf(doc.created_at)],
      ['Updated', timeOf(doc.updated_at)],
      ['SHA-256', h('span', { class: 'mono' }, doc.sha256)],
      ['Document id', h('span', { class: 'mono' }, doc.document_id)],
      ['Latest job', doc.job_id ? h('a', { href: `#/jobs/${doc.job_id}` }, `job ${shortId(doc.job_id)}`) : 'removed by the retention'],
    );
    fill(facts, h('dl', { class: 'facts' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      h('p', {}, h('a', { href: `#/search${query({ document: doc.document_id })}` }, 'Search in this document')));
    renderManage();
    loadChunks();
  }

  async function loadChunks() {
    let page;
    try {
      page = await api(`/api/v1/documents/${id}/chunks${query({ limit: CHUNKS, offset })}`);
    } catch (e) {
      fill(chunks, h('h2', { id: 'doc-chunks' }, 'Chunks'), h('p', { class: 'error-text' }, `The chunks cannot be read: ${e.message}`));
      return;
    }
    fill(chunks, h('h2', { id: 'doc-chunks' }, 'Chunks'),
      page.chunks.length === 0
        ? h('p', { class: 'empty' }, doc.status === 'completed' ? 'This document has no chunks.' : 'No chunks yet: they appear once the document’s job completes.')
        : page.chunks.map((c) => h('article', { class: 'chunk', 'aria-label': `Chunk ${c.chunk_index}` },
          h('h3', {}, `Chunk ${c.chunk_index}`, h('span', { class: 'muted' }, ` · ${pages(c.page_start, c.page_end)}`),
            c.section ? h('span', { class: 'muted' }, ` · ${c.section}`) : null),
          h('p', {}, c.text))),
      pager(offset, CHUNKS, page.total, (o) => { offset = o; loadChunks(); }, 'Pages of chunks'));
  }

  function renderManage() {
    const size = h('input', { type: 'number', min: '32', max: '2048', inputmode: 'numeric', placeholder: 'server default' });
    const overlap = h('input', { type: 'number', min: '0', max: '2047', inputmode: 'numeric', placeholder: 'server default' });
    const dialog = h('dialog', { 'aria-labelledby': 'doc-del-title' },
      h('h2', { id: 'doc-del-title' }, `Delete ${doc.filename}?`),
      h('p', {}, 'The document, its stored file and its chunks are removed, and it disappears from search. This cannot be undone.'),
      h('form', { method: 'dialog', class: 'actions' },
        h('button', { value: 'delete', class: 'danger' }, 'Delete for good'),
        h('button', { value: 'keep', class: 'secondary', autofocus: true }, 'Keep it')));
    dialog.addEventListener('close', () => { if (dialog.returnValue === 'delete') remove(); });
    fill(manage, h('h2', { id: 'doc-manage' }, 'Reprocess or delete'),
      h('form', { class: 'toolbar', onsubmit: (e) => { e.preventDefault(); reprocess(size.value, overlap.value); } },
        field('New chunk size (tokens)', size), field('New chunk overlap (tokens)', overlap),
        h('button', { type: 'submit' }, 'Reprocess')),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', onclick: () => dialog.showModal() }, 'Delete document…')),
      dialog);
  }

  async function reprocess(size, overlap) {
    const body = {};
    if (size) body.chunk_size = Number(size);
    if (overlap) body.chunk_overlap = Number(overlap);
    try {
      const job = await api(`/api/v1/documents/${id}/reprocess`, { method: 'POST', body });
      fill(say, h('p', { class: 'notice ok', role: 'status' }, 'Reprocessing is queued; search keeps the current chunks until it completes. ',
        h('a', { href: `#/jobs/${job.job_id}` }, `Follow job ${shortId(job.job_id)}`)));
    } catch (e) {
      showNotice(say, 'bad', `Not reprocessed: ${e.message}`);
    }
  }

  async function remove() {
    try {
      await api(`/api/v1/documents/${id}`, { method: 'DELETE' });
      location.hash = '#/documents';
    } catch (e) {
      showNotice(say, 'bad', `Not deleted: ${e.message}`);
    }
  }

  const reload = throttle(load, 1500);
  load();
  return { onJob: (ev) => { if (doc && ev.job_id === doc.job_id && ev.status !== 'processing') reload(); }, refresh: load };
}
