// This month's consented patients short of the next billing threshold, fewest minutes missing first.
import { getAll } from './api.js';
import { h, patientLink, showPage, sortableTable, rowsParam } from './dom.js';
import { inPlainWords } from './reasons.js';

const COLUMNS = [
  { header: 'Patient', cell: (e) => patientLink(e.patientId), sortValue: (e) => e.patientId },
  { header: 'Minutes counted', cell: (e) => e.countedStaffMinutes, sortValue: (e) => e.countedStaffMinutes },
  {
    header: 'Next threshold',
    cell: (e) => `${e.nextThreshold} min (${e.nextCode})`,
    sortValue: (e) => e.nextThreshold,
  },
  { header: 'Minutes missing', cell: (e) => e.minutesMissing, sortValue: (e) => e.minutesMissing },
  { header: 'Days left', cell: (e) => e.daysLeft, sortValue: (e) => e.daysLeft },
  {
    header: 'Billing practitioner',
    cell: (e) => e.billingPractitionerId,
    sortValue: (e) => e.billingPractitionerId,
  },
  { header: 'Care team', cell: (e) => e.careTeam.join(', '), sortValue: (e) => e.careTeam.join(',') },
  {
    header: 'Last contact',
    cell: (e) => (e.lastContactAt ? e.lastContactAt.replace('T', ' ') : 'None this month'),
    sortValue: (e) => e.lastContactAt ?? '',
  },
  {
    header: 'Blockers',
    cell: (e) =>
      e.blockers.length === 0
        ? 'None'
        : h('ul', { className: 'reasons' }, ...e.blockers.map((b) => h('li', {}, inPlainWords(b)))),
    sortValue: (e) => e.blockers.length,
  },
];

function select(id, label, options) {
  return [
    h('label', { for: id }, label),
    h('select', { id }, ...options.map(([value, text]) => h('option', { value }, text))),
  ];
}

export async function show() {
  const worklist = await getAll('/worklist', 'treatment');
  const entries = worklist.items;
  const table = sortableTable({
    caption: `Patients short of the next threshold in ${worklist.month}`,
    columns: COLUMNS,
    rows: entries,
    rowKey: (e) => e.patientId,
    pageSize: rowsParam(),
  });
  const staff = [...new Set(entries.flatMap((e) => e.careTeam))].sort();
  const search = h('input', { id: 'worklist-search', type: 'search', autocomplete: 'off' });
  const filters = h(
    'form',
    { className: 'filters', role: 'search', 'aria-label': 'Filter the worklist' },
    h('label', { for: 'worklist-search' }, 'Patient or practitioner'),
    search,
    ...select('worklist-staff', 'Care team member', [['', 'Anyone'], ...staff.map((s) => [s, s])]),
    ...select('worklist-blockers', 'Blockers', [
      ['', 'Any'],
      ['none', 'No blockers'],
      ['some', 'With blockers'],
    ]),
  );
  filters.addEventListener('submit', (event) => event.preventDefault());
  const count = h('p', { id: 'worklist-count', 'aria-live': 'polite' });
  const apply = () => {
    const text = search.value.trim().toLowerCase();
    const member = filters.querySelector('#worklist-staff').value;
    const blockers = filters.querySelector('#worklist-blockers').value;
    const shown = table.filter(
      (e) =>
        (!text || e.patientId.includes(text) || e.billingPractitionerId.includes(text)) &&
        (!member || e.careTeam.includes(member)) &&
        (!blockers || (blockers === 'none') === (e.blockers.length === 0)),
    );
    count.textContent = `${shown} of ${entries.length} patients shown`;
  };
  filters.addEventListener('input', apply);
  filters.addEventListener('change', apply);
  apply();
  showPage(
    'Worklist',
    h(
      'p',
      { className: 'lead' },
      `${worklist.month}: ${worklist.daysLeft} days left in the month. Consented patients who have not reached the next billing threshold, fewest minutes missing first.`,
    ),
    filters,
    count,
    table.element,
  );
}
