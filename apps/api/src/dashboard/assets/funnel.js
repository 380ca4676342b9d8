// The enrolment funnel of a month (GET /metrics/funnel): the cohort identified in it and how far it has
// come, and what happened during it, with counts and conversion rates. Counts only; no patient is named.
import { getJson } from './api.js';
import { h, monthParam, percent, showPage } from './dom.js';

const STAGE_NAMES = {
  identified: 'Identified',
  reached: 'Reached',
  consented: 'Consented',
  enrolled: 'Enrolled (and consented)',
  firstBillableMonth: 'First billable month',
};

const rate = (share) => (share === null ? '—' : percent(share));
const days = (value) => (value === null ? '—' : `${value} d`);

function monthPicker(month) {
  const picker = h(
    'form',
    { className: 'filters', action: '/app/funnel', method: 'get' },
    h('label', { for: 'funnel-month' }, 'Month'),
    h('input', { id: 'funnel-month', name: 'month', type: 'month', value: month, required: true }),
    h('button', { type: 'submit' }, 'Show month'),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(`/app/funnel?month=${encodeURIComponent(picker.elements.month.value)}`);
  });
  return picker;
}

const headerRow = (...names) => h('tr', {}, ...names.map((name) => h('th', { scope: 'col' }, name)));

function cohortTable(cohort) {
  const identified = cohort.stages[0].count;
  return h(
    'table',
    { id: 'funnel-cohort' },
    h('caption', {}, 'Cohort: the candidates identified this month, by how far each has come by now'),
    h(
      'thead',
      {},
      headerRow(
        'Stage',
        'Candidates',
        'Of identified',
        'From the stage before',
        'Median days from the stage before',
      ),
    ),
    h(
      'tbody',
      {},
      ...cohort.stages.map((s) =>
        h(
          'tr',
          { 'data-stage': s.stage },
          h('th', { scope: 'row' }, STAGE_NAMES[s.stage]),
          h(
            'td',
            {},
            h('span', { 'data-figure': 'count' }, s.count),
            ' ',
            h('meter', { min: 0, max: Math.max(identified, 1), value: s.count, 'aria-hidden': 'true' }),
          ),
          h('td', { 'data-figure': 'conversionFromIdentified' }, rate(s.conversionFromIdentified)),
          h('td', { 'data-figure': 'conversionFromPrevious' }, rate(s.conversionFromPrevious)),
          h('td', { 'data-figure': 'medianDaysFromPrevious' }, days(s.medianDaysFromPrevious)),
        ),
      ),
    ),
  );
}

function activityTable(activity) {
  const apart = activity.enteredWithoutOutreach;
  return h(
    'table',
    { id: 'funnel-activity' },
    h('caption', {}, 'Activity: candidates and patients reaching each stage during the month'),
    h('thead', {}, headerRow('Stage', 'Reached this month', 'Of them, patients without outreach')),
    h(
      'tbody',
      {},
      ...activity.stages.map((s) =>
        h(
          'tr',
          { 'data-stage': s.stage },
          h('th', { scope: 'row' }, STAGE_NAMES[s.stage]),
          h('td', { 'data-figure': 'count' }, s.count),
          h('td', {}, apart[s.stage] ?? '—'),
        ),
      ),
    ),
  );
}

const figure = (name, value, words) => h('li', {}, h('span', { 'data-figure': name }, value), ` ${words}`);

export async function show() {
  const asked = monthParam(null);
  const funnel = await getJson(asked ? `/metrics/funnel?month=${asked}` : '/metrics/funnel', 'operations');
  const { month, cohort, activity } = funnel;
  const apart = cohort.enteredWithoutOutreach;
  showPage(
    `Enrolment funnel · ${month}`,
    monthPicker(month),
    h(
      'p',
      { className: 'lead' },
      'Stages are dated by business dates. Enrolled means enrolled and consented, on the later of the two dates; the first billable month is dated at its last day. See docs/enrolment-funnel.md for each definition.',
    ),
    h('h2', {}, 'Cohort'),
    cohortTable(cohort),
    h(
      'ul',
      { className: 'figures' },
      figure('declined', cohort.declined, 'declined when reached (counted as reached)'),
      figure('withdrawn', cohort.withdrawn, 'consented and have since withdrawn every consent'),
      figure(
        'reachedWithoutOutreach',
        cohort.reachedWithoutOutreach,
        'consented without a reaching attempt recorded',
      ),
      figure(
        'attemptsPerReached',
        cohort.attemptsToReach.perReached === null ? '—' : cohort.attemptsToReach.perReached,
        'outreach attempts per candidate reached',
      ),
      figure(
        'enteredWithoutOutreach',
        apart.entered,
        `patients enrolled this month without a candidate (${apart.consented} consented, ${apart.firstBillableMonth} billed)`,
      ),
    ),
    h('h2', {}, 'This month'),
    activityTable(activity),
    h(
      'ul',
      { className: 'figures' },
      figure('outreachAttempts', activity.outreachAttempts, 'outreach attempts'),
      figure('activityDeclined', activity.declined, 'declined'),
      figure('activityWithdrawn', activity.withdrawn, 'stopped (every consent withdrawn)'),
    ),
  );
}
