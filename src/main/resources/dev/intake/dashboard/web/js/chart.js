// Jobs completed and failed per minute, as stacked bars in SVG, with the same numbers as a table
// for screen readers and anyone who wants the figures.
import { h, s } from './dom.js';
import { clockTime } from './format.js';

const W = 720;
const H = 200;
const PAD = { left: 36, right: 8, top: 10, bottom: 26 };

export function throughputChart(minutes) {
  const total = minutes.reduce((n, m) => n + m.completed + m.failed, 0);
  const max = Math.max(1, ...minutes.map((m) => m.completed + m.failed));
  const top = niceCeil(max);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const step = innerW / Math.max(1, minutes.length);
  const y = (v) => PAD.top + innerH - (v / top) * innerH;
  const completed = minutes.reduce((n, m) => n + m.completed, 0);
  const failed = minutes.reduce((n, m) => n + m.failed, 0);
  const summary = `Over the last hour ${completed} jobs completed and ${failed} failed;`
    + ` the busiest minute ended ${max === 1 && total === 0 ? 0 : max}.`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `Jobs per minute. ${summary}` });
  for (const v of [0, top / 2, top]) {
    svg.append(
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), stroke: '#b9c0c9', 'stroke-width': 1 }),
      s('text', { x: PAD.left - 6, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#4a525c' }, String(v)),
    );
  }
  minutes.forEach((m, i) => {
    const x = PAD.left + i * step + 1;
    const w = Math.max(1, step - 2);
    if (m.completed > 0) {
      svg.append(s('rect', { x, y: y(m.completed), width: w, height: y(0) - y(m.completed), fill: '#1b7a3c' }));
    }
    if (m.failed > 0) {
      svg.append(s('rect', {
        x, y: y(m.completed + m.failed), width: w, height: y(m.completed) - y(m.completed + m.failed), fill: '#b3261e',
      }));
    }
    if (i % 10 === 0 || i === minutes.length - 1) {
      svg.append(s('text', { x: x + w / 2, y: H - 8, 'text-anchor': 'middle', 'font-size': 11, fill: '#4a525c' },
        clockTime(new Date(m.minute))));
    }
  });
  const busy = minutes.filter((m) => m.completed + m.failed > 0);
  const rows = busy.map((m) => h('tr', {},
    h('td', {}, clockTime(new Date(m.minute))), h('td', { class: 'num' }, m.completed), h('td', { class: 'num' }, m.failed)));
  return h('div', { class: 'chart' },
    svg,
    h('div', { class: 'legend', 'aria-hidden': 'true' },
      h('span', {}, h('span', { class: 'swatch done' }), `Completed (${completed})`),
      h('span', {}, h('span', { class: 'swatch failed' }), `Failed (${failed})`)),
    h('details', {},
      h('summary', {}, 'Show the figures'),
      busy.length === 0
        ? h('p', { class: 'empty' }, 'No job completed or failed in the last hour.')
        : h('table', {},
          h('caption', { class: 'visually-hidden' }, 'Jobs completed and failed per minute'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Minute'), h('th', { scope: 'col', class: 'num' }, 'Completed'),
            h('th', { scope: 'col', class: 'num' }, 'Failed'))),
          h('tbody', {}, rows))));
}

function niceCeil(v) {
  if (v <= 5) return Math.max(2, Math.ceil(v / 2) * 2);
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}
