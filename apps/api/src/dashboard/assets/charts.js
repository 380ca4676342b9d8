// Trend charts drawn by uPlot (served from node_modules), each with the table of its figures beside it.
import { h } from './dom.js';

const COLOURS = ['#1f5fa8', '#2e7d32', '#8e44ad', '#c0392b'];

const monthStart = (month) => {
  const [year, number] = month.split('-').map(Number);
  return Date.UTC(year, number - 1, 1) / 1000;
};

/**
 * A line chart of `series` over `months`; `format` writes a value for the axis and the table, `range`
 * (optional, [min, max]) fixes the value axis. The figures are also a table in a disclosure, for screen
 * readers and for reading exact values.
 */
export function trendChart({ id, title, months, series, format = String, range }) {
  const plot = h('div', { className: 'plot', role: 'img', 'aria-label': `${title}, chart` });
  const table = h(
    'table',
    {},
    h('caption', {}, title),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Month'),
        ...series.map((s) => h('th', { scope: 'col' }, s.label)),
      ),
    ),
    h(
      'tbody',
      {},
      ...months.map((month, i) =>
        h('tr', {}, h('th', { scope: 'row' }, month), ...series.map((s) => h('td', {}, format(s.values[i])))),
      ),
    ),
  );
  const figure = h(
    'figure',
    { className: 'chart', id },
    h('figcaption', {}, title),
    plot,
    h(
      'details',
      {},
      h('summary', {}, `${title}: the figures`),
      h('div', { className: 'table-scroll' }, table),
    ),
  );
  const draw = () => {
    if (typeof window.uPlot !== 'function') {
      plot.textContent = 'The chart library did not load; the figures are in the table below.';
      return;
    }
    plot.replaceChildren();
    const width = Math.max(260, Math.min(plot.clientWidth || 600, 900));
    new window.uPlot(
      {
        width,
        height: 220,
        legend: { live: false },
        cursor: { show: false },
        // A fixed range (shares: 0 to 1) keeps months without data from stretching the axis.
        scales: { x: { time: true }, ...(range ? { y: { range } } : {}) },
        axes: [
          { values: (_, ticks) => ticks.map((t) => new Date(t * 1000).toISOString().slice(0, 7)) },
          { values: (_, ticks) => ticks.map(format), size: 70 },
        ],
        series: [
          {},
          ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], width: 2 })),
        ],
      },
      [months.map(monthStart), ...series.map((s) => s.values)],
      plot,
    );
  };
  return { element: figure, draw };
}
