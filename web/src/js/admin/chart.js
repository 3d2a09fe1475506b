// A small line chart in SVG: several series over the same time axis, the latest value large above it.
// lineChart(title, unit) → {element, update(points: [{t, values: {series: number}}])}.

import { h } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
const W = 300;
const H = 100;

function s(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

export function lineChart(title, unit, id) {
  const value = h('div', { class: 'value', 'data-chart-value': id });
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, preserveAspectRatio: 'none', role: 'img', 'aria-label': title });
  const legend = h('div', { class: 'legend' });
  const element = h('section', { class: 'chart', 'aria-label': title, id: 'chart-' + id },
    h('h3', {}, title), value, svg, legend);

  function update(points) {
    const names = [...new Set(points.flatMap((p) => Object.keys(p.values)))].sort();
    const max = Math.max(1, ...points.flatMap((p) => Object.values(p.values)));
    const t0 = points.length ? points[0].t : 0;
    const span = Math.max(1, (points.length ? points[points.length - 1].t : 1) - t0);
    svg.replaceChildren(
      s('line', { x1: 0, y1: H - 0.5, x2: W, y2: H - 0.5, stroke: 'currentColor', 'stroke-opacity': 0.2 }),
      s('text', { x: 2, y: 10, 'font-size': 9, fill: 'currentColor', 'fill-opacity': 0.6 }, ''));
    svg.lastChild.textContent = 'max ' + format(max) + ' ' + unit;
    names.forEach((name, i) => {
      const d = points.filter((p) => p.values[name] !== undefined).map((p, j) =>
        (j ? 'L' : 'M') + ((p.t - t0) / span * W).toFixed(1) + ' ' + (H - 2 - p.values[name] / max * (H - 14)).toFixed(1)).join(' ');
      if (d) svg.append(s('path', { d, fill: 'none', stroke: COLORS[i % COLORS.length], 'stroke-width': 1.8, 'vector-effect': 'non-scaling-stroke' }));
    });
    const last = points.length ? points[points.length - 1].values : {};
    const sum = Object.values(last).reduce((a, b) => a + b, 0);
    value.textContent = format(sum) + ' ' + unit;
    legend.replaceChildren(...names.map((name, i) => h('span', {},
      h('i', { style: { background: COLORS[i % COLORS.length] } }), name + ' ' + format(last[name] ?? 0))));
  }

  return { element, update };
}

function format(n) {
  if (n >= 1e6) return (n / 1e6).toFixed(1) + 'M';
  if (n >= 1e4) return (n / 1e3).toFixed(0) + 'k';
  if (n >= 100 || Number.isInteger(n)) return String(Math.round(n));
  return n.toFixed(1);
}
