// Care outcomes of a month (GET /metrics/outcomes): the figures with their definitions, and a 12-month trend.
import { getJson } from './api.js';
import { trendChart } from './charts.js';
import { h, monthParam, showPage } from './dom.js';
import { careCards, clinicalCards, shareText, utilisationCards } from './outcome-cards.js';

/** The month and the 11 before it, in one request (the api reads every patient's record once). */
const trendTo = (month) =>
  getJson(
    `/metrics/outcomes/trend?months=12${month ? `&month=${encodeURIComponent(month)}` : ''}`,
    'operations',
  );

function monthPicker(month) {
  const picker = h(
    'form',
    { className: 'filters', action: '/app/outcomes', method: 'get' },
    h('label', { for: 'outcomes-month' }, 'Month'),
    h('input', { id: 'outcomes-month', name: 'month', type: 'month', value: month, required: true }),
    h('button', { type: 'submit' }, 'Show month'),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(`/app/outcomes?month=${encodeURIComponent(picker.elements.month.value)}`);
  });
  return picker;
}

const group = (title, cards) => [h('h2', {}, title), h('div', { className: 'outcomes' }, ...cards)];

export async function show() {
  const trend = (await trendTo(monthParam(null))).months;
  const metrics = trend[trend.length - 1];
  const months = trend.map((t) => t.month);
  const chart = trendChart({
    id: 'trend-outcomes',
    title: `Blood pressure control and A1c over 9%, 12 months to ${metrics.month}`,
    months,
    series: [
      {
        label: 'Blood pressure under 140/90',
        values: trend.map((t) => t.bloodPressureControlled.share),
      },
      { label: 'A1c over 9%', values: trend.map((t) => t.a1cAbove9.share) },
    ],
    format: (v) => (v === undefined ? '' : shareText(v)),
    range: [0, 1],
  });
  showPage(
    `Outcomes · ${metrics.month}`,
    monthPicker(metrics.month),
    h(
      'p',
      { className: 'lead' },
      h('span', { 'data-figure': 'enrolledPatients' }, metrics.enrolledPatients),
      ` patients enrolled by the end of ${metrics.month}. Each figure says what it counts, over which patients and how far back; "No data" when nobody is in its denominator.`,
    ),
    ...group('Clinical control', clinicalCards(metrics)),
    ...group('Hospital and emergency use', utilisationCards(metrics)),
    ...group('Medications and experience', careCards(metrics)),
    h('h2', {}, 'Trend'),
    chart.element,
  );
  chart.draw();
}
