import { api, query } from '../api.js';
import { h, fill, field } from '../dom.js';
import { pages, shortId } from '../format.js';

/** Hybrid search: query and top-k, an optional document filter; hits with their terms marked. */
export function searchPage(main, { params }) {
  const q = h('input', { type: 'search', name: 'query', required: true, autocomplete: 'off', value: params.get('q') || '' });
  const topK = h('input', { type: 'number', name: 'top_k', min: '1', max: '100', value: params.get('top_k') || '5', inputmode: 'numeric' });
  const doc = h('select', { name: 'document' }, h('option', { value: '' }, 'All documents'));
  const results = h('section', { 'aria-labelledby': 'search-results', 'aria-live': 'polite' });
  main.append(h('h1', {}, 'Search'),
    h('form', { class: 'inline card', role: 'search', onsubmit: (e) => { e.preventDefault(); run(); } },
      field('Query', q), field('Results (top k)', topK), field('Document', doc), h('button', { type: 'submit' }, 'Search')),
    results);
  fill(results, h('h2', { id: 'search-results', class: 'visually-hidden' }, 'Results'),
    h('p', { class: 'empty' }, 'Search the passages of every ingested document: words, or a question.'));
  loadDocuments(params.get('document'));

  async function loadDocuments(wanted) {
    try {
      const list = await api(`/api/v1/documents${query({ limit: 200 })}`);
      for (const d of list.documents) doc.append(h('option', { value: d.document_id, selected: d.document_id === wanted }, d.filename));
      if (wanted && doc.value !== wanted) {
        const d = await api(`/api/v1/documents/${wanted}`);
        doc.append(h('option', { value: d.document_id, selected: true }, d.filename));
      }
    } catch {
      // the filter offers all documents only
    }
    if (q.value) run();
  }

  async function run() {
    const text = q.value.trim();
    if (!text) return;
    const body = { query: text, top_k: Number(topK.value) || 5 };
    if (doc.value) body.document_ids = [doc.value];
    history.replaceState(null, '', `#/search${query({ q: text, top_k: topK.value, document: doc.value })}`);
    fill(results, h('h2', { id: 'search-results' }, 'Results'), h('p', { class: 'loading' }, 'Searching…'));
    let answer;
    try {
      answer = await api('/api/v1/search', { method: 'POST', body });
    } catch (e) {
      fill(results, h('h2', { id: 'search-results' }, 'Results'), h('p', { class: 'notice bad', role: 'alert' }, `The search failed: ${e.message}`));
      return;
    }
    const terms = termsOf(text);
    fill(results, h('h2', { id: 'search-results' }, `${answer.results.length} ${answer.results.length === 1 ? 'result' : 'results'}`),
      answer.results.length === 0
        ? h('p', { class: 'empty' }, 'No passage matches. Try other words, or all documents.')
        : h('div', { class: 'card' }, answer.results.map((r) => h('article', { class: 'hit' },
          h('h3', {}, h('a', { href: `#/documents/${r.document_id}` }, r.filename)),
          h('div', { class: 'muted' },
            [pages(r.page_start, r.page_end), r.section ? `section ${r.section}` : null, `chunk ${r.chunk_index}`, `score ${r.score.toFixed(3)}`,
              shortId(r.document_id)].filter(Boolean).join(' · ')),
          h('p', {}, highlight(r.text, terms))))));
  }

  return {};
}

/** Query words of two letters or more, longest first (so "lease" wins over "lea"). */
export function termsOf(text) {
  return [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{2,}/gu) || [])].sort((a, b) => b.length - a.length);
}

/** The text with every occurrence of a term in <mark>, built as nodes (never as HTML). */
export function highlight(text, terms) {
  if (terms.length === 0) return [text];
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(${escaped.join('|')})`, 'giu');
  const out = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(h('mark', {}, m[0]));
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
