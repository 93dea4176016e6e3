// Charts of an endpoint's statistics, drawn by uPlot (served from its WebJar), each with the same figures as a
// table for screen readers and keyboard users.
import { h, replace } from './dom.js';
import { time } from './format.js';

/**
 * A line chart of one figure per step. `points` are the series points from /stats/series; `value(point)` is the
 * figure or null for a step without attempts (no point there; the line joins the steps that had some).
 */
export function lineChart(container, { key, window, title, unit, points, value, max, color }) {
  const xs = points.map(p => Math.floor(new Date(p.start).getTime() / 1000));
  const ys = points.map(p => {
    const v = value(p);
    return v === undefined || v === null ? null : v;
  });
  const present = ys.filter(v => v !== null).length;
  const plot = h('div', { class: 'plot', role: 'img', 'aria-label': title + ': ' + describe(points, ys, unit) });
  const rows = points.map((p, i) => h('tr', {},
    h('td', {}, time(p.start)), h('td', { class: 'num' }, ys[i] === null ? '—' : format(ys[i], unit)),
    h('td', { class: 'num' }, String(p.total))));
  const data = h('details', {}, h('summary', {}, title + ' as a table'),
    h('table', {}, h('caption', {}, title),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Step starting'), h('th', { scope: 'col', class: 'num' }, title),
        h('th', { scope: 'col', class: 'num' }, 'Attempts'))),
      h('tbody', {}, rows)));
  const figure = h('figure', { class: 'chart', 'data-chart': key, 'data-window': window, 'data-points': String(present) },
    h('figcaption', {}, h('strong', {}, title)), plot,
    present === 0 ? h('p', { class: 'state empty' }, 'No attempts in this window yet.') : null, data);
  replace(container, figure);

  const uPlot = globalThis.uPlot;
  const width = Math.max(280, plot.clientWidth || container.clientWidth || 480);
  const chart = new uPlot({
    width, height: 220,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: max ? { range: [0, max] } : { range: (u, lo, hi) => [0, Math.max(10, hi * 1.15)] } },
    axes: [{}, { values: (u, vals) => vals.map(v => format(v, unit)), size: 64 }],
    series: [{}, { label: title, stroke: color, width: 2, fill: color + '22', spanGaps: true,
      points: { show: true, size: 7, stroke: color, fill: color } }],
  }, [xs, ys], plot);
  return chart;
}

function format(v, unit) {
  return unit === '%' ? Math.round(v * 10) / 10 + ' %' : Math.round(v) + ' ' + unit;
}

function describe(points, ys, unit) {
  const last = ys.map((v, i) => [v, points[i]]).filter(([v]) => v !== null).pop();
  return last ? 'latest ' + format(last[0], unit) + ' in the step starting ' + time(last[1].start)
    : 'no attempts in this window';
}
