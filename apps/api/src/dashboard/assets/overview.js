// The program in a month and the twelve before it: counts, billable share, estimated revenue, minutes.
import { getJson } from './api.js';
import { trendChart } from './charts.js';
import { dollars, h, monthParam, percent, previousMonths, showPage } from './dom.js';

const BANDS = ['0', '1-19', '20-39', '40-59', '60+'];
const BASE_CODE = '99490';

const billingList = (month, status) =>
  `/app/billing?month=${encodeURIComponent(month)}${status ? `&status=${status}` : ''}`;

/**
 * Billed: what the billable months' codes are estimated to be allowed (kept in the program metrics). At
 * risk: consented patients short of 20 minutes, at the fee of the base code.
 */
function revenueOf(metrics, fees, month) {
  const year = Number(month.slice(0, 4));
  const baseFee = fees.find((f) => f.code === BASE_CODE && f.year === year)?.amountCents ?? 0;
  const shortMonths = metrics.consented - metrics.reached['20'].patients;
  return {
    billedCents: metrics.estimatedBilledCents,
    atRiskCents: shortMonths * baseFee,
    shortMonths,
    baseFee,
  };
}

function figure(name, label, value, href) {
  return h(
    'div',
    { className: 'card' },
    h('dt', {}, label),
    h('dd', { 'data-figure': name }, href ? h('a', { href }, value) : value),
  );
}

function minutesTable(metrics) {
  const total = BANDS.reduce((sum, band) => sum + (metrics.minutes[band] ?? 0), 0) || 1;
  return h(
    'table',
    { id: 'minutes-distribution' },
    h('caption', {}, `Minutes logged per consented patient in ${metrics.month}`),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Minutes'),
        h('th', { scope: 'col' }, 'Patients'),
        h('th', { scope: 'col' }, 'Share'),
      ),
    ),
    h(
      'tbody',
      {},
      ...BANDS.map((band) => {
        const count = metrics.minutes[band] ?? 0;
        const bar = h('span', { className: 'bar' });
        bar.style.width = `${Math.round((count / total) * 100)}%`;
        return h(
          'tr',
          { 'data-band': band },
          h('th', { scope: 'row' }, band),
          h('td', {}, count),
          h('td', { className: 'bar-cell' }, bar, h('span', {}, percent(count / total))),
        );
      }),
    ),
  );
}

export async function show() {
  const current = await getJson('/metrics/program', 'operations');
  const month = monthParam(current.month);
  const months = previousMonths(month, 12);
  const [trend, fees] = await Promise.all([
    Promise.all(months.map((m) => getJson(`/metrics/program?month=${m}`, 'operations'))),
    fetch('/app/fees.json').then((r) => r.json()),
  ]);
  const metrics = trend[trend.length - 1];
  const share = metrics.consented === 0 ? 0 : metrics.billable / metrics.consented;
  const revenue = revenueOf(metrics, fees, month);
  // Every patient enrolled by the month has a patient-month in the billing list.
  const notBillable = metrics.enrolled - metrics.billable;
  const picker = h(
    'form',
    { className: 'filters', action: '/app/overview', method: 'get' },
    h('label', { for: 'overview-month' }, 'Month'),
    h('input', { id: 'overview-month', name: 'month', type: 'month', value: month, required: true }),
    h('button', { type: 'submit' }, 'Show month'),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(`/app/overview?month=${encodeURIComponent(picker.elements.month.value)}`);
  });
  const counts = trendChart({
    id: 'trend-counts',
    title: 'Patients by month',
    months,
    series: [
      { label: 'Enrolled', values: trend.map((t) => t.enrolled) },
      { label: 'Consented', values: trend.map((t) => t.consented) },
      { label: 'Active', values: trend.map((t) => t.active) },
      { label: 'Billable', values: trend.map((t) => t.billable) },
    ],
  });
  const shares = trendChart({
    id: 'trend-share',
    title: 'Billable share of consented patients',
    months,
    series: [
      { label: 'Billable share', values: trend.map((t) => (t.consented ? t.billable / t.consented : 0)) },
    ],
    format: (v) => (v === null || v === undefined ? '' : percent(v)),
  });
  showPage(
    `Program overview · ${month}`,
    picker,
    h(
      'dl',
      { className: 'cards' },
      figure('enrolled', 'Enrolled', metrics.enrolled, billingList(month, 'all')),
      figure('consented', 'Consented', metrics.consented, billingList(month, 'consented')),
      figure('active', 'Active (time logged)', metrics.active, billingList(month, 'active')),
      figure('billable', 'Billable patient-months', metrics.billable, billingList(month, 'billable')),
      figure('share', 'Billable share of consented', percent(share)),
      figure('not-billable', 'Not billable', notBillable, billingList(month, 'not-billable')),
      figure(
        'billed',
        'Estimated revenue billed',
        dollars(revenue.billedCents),
        billingList(month, 'billable'),
      ),
      figure(
        'at-risk',
        'Estimated revenue at risk',
        dollars(revenue.atRiskCents),
        month === current.month ? '/app/worklist' : billingList(month, 'not-billable'),
      ),
    ),
    h(
      'p',
      { className: 'hint' },
      `Estimates from the fee table (national, non-facility). At risk: ${revenue.shortMonths} consented patient-months short of 20 minutes, at ${dollars(revenue.baseFee)} each for ${BASE_CODE}.`,
    ),
    h('h2', {}, 'Minutes distribution'),
    minutesTable(metrics),
    h('h2', {}, 'Trends'),
    counts.element,
    shares.element,
  );
  counts.draw();
  shares.draw();
}
