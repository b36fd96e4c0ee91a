import { api, query } from '../api.js';
import { h, fill, field } from '../dom.js';
import { bytes, number } from '../format.js';
import { ageOf, badge, cell, emptyRow, pager, table, throttle } from '../widgets.js';

const LIMIT = 20;

/** Every document, newest first, searchable by name. */
export function documentsPage(main, { params }) {
  let offset = Number(params.get('offset')) || 0;
  const name = h('input', { type: 'search', name: 'name', value: params.get('name') || '', autocomplete: 'off' });
  const { table: t, body } = table('Documents', ['Name', 'Status', { label: 'Pages', class: 'num' }, { label: 'Chunks', class: 'num' }, { label: 'Size', class: 'num' }, 'Added']);
  const count = h('p', { class: 'muted', 'aria-live': 'polite' });
  const pagerSlot = h('div');
  main.append(h('h1', {}, 'Documents'),
    h('form', { class: 'inline', role: 'search', onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } },
      field('Search by name', name), h('button', { type: 'submit' }, 'Search')),
    count, t, pagerSlot);
  const typed = throttle(() => { offset = 0; load(); }, 400);
  name.addEventListener('input', typed);

  async function load() {
    const q = name.value.trim();
    history.replaceState(null, '', `#/documents${query({ name: q, offset: offset || null })}`);
    let list;
    try {
      list = await api(`/api/v1/documents${query({ name: q, limit: LIMIT, offset })}`);
    } catch (e) {
      emptyRow(body, 6, `The documents cannot be read: ${e.message}`);
      return;
    }
    body.replaceChildren();
    for (const d of list.documents) {
      body.append(h('tr', {},
        cell('Name', h('a', { href: `#/documents/${d.document_id}` }, d.filename), h('span', { class: 'sub' }, d.content_type || '')),
        cell('Status', badge(d.status)),
        h('td', { class: 'num', 'data-label': 'Pages' }, number(d.pages)),
        h('td', { class: 'num', 'data-label': 'Chunks' }, number(d.chunk_count)),
        h('td', { class: 'num', 'data-label': 'Size' }, bytes(d.size_bytes)),
        cell('Added', ageOf(d.created_at))));
    }
    if (list.documents.length === 0) {
      emptyRow(body, 6, q ? `No document's name contains “${q}”.` : 'No documents yet. Upload some on the Upload page.');
    }
    count.textContent = q ? `${list.total} ${list.total === 1 ? 'document matches' : 'documents match'} “${q}”.` : `${list.total} documents.`;
    fill(pagerSlot, pager(offset, LIMIT, list.total, (o) => { offset = o; load(); }, 'Pages of documents'));
  }

  const reload = throttle(load, 2000);
  load();
  return { onJob: (ev) => { if (ev.status === 'completed' || ev.status === 'failed') reload(); }, refresh: load };
}
