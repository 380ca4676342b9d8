// Minutes logged by each staff member and activity in a month, and contacts by channel and outcome.
import { getJson } from './api.js';
import { h, monthParam, showPage, sortableTable } from './dom.js';

const words = (text) => text.replace(/_/g, ' ');

/** Roles and activities by minutes, most first. */
const byMinutes = (counts) => Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function contactsTable(contacts) {
  const outcomes = new Set(contacts.flatMap((c) => Object.keys(c.outcomes)));
  const columns = [...outcomes].sort();
  if (contacts.length === 0) return h('p', {}, 'No contacts recorded this month.');
  return h(
    'div',
    {
      className: 'table-scroll',
      tabindex: '0',
      role: 'region',
      'aria-label': 'Contacts by channel and outcome',
    },
    h(
      'table',
      { id: 'contacts-table' },
      h('caption', {}, 'Contacts by channel and outcome'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Channel'),
          ...columns.map((c) => h('th', { scope: 'col' }, words(c))),
          h('th', { scope: 'col' }, 'Total'),
        ),
      ),
      h(
        'tbody',
        {},
        ...contacts.map(({ channel, outcomes: row, total }) =>
          h(
            'tr',
            { 'data-channel': channel },
            h('th', { scope: 'row' }, words(channel)),
            ...columns.map((c) => h('td', {}, row[c] ?? 0)),
            h('td', {}, total),
          ),
        ),
      ),
    ),
  );
}

export async function show() {
  const asked = monthParam(null);
  const team = await getJson(asked ? `/metrics/team?month=${asked}` : '/metrics/team', 'operations');
  const { month, staff } = team;
  const table = sortableTable({
    caption: `Minutes logged by staff member in ${month}`,
    rowKey: (s) => s.staffId,
    rows: staff,
    columns: [
      { header: 'Staff member', cell: (s) => s.staffId, sortValue: (s) => s.staffId },
      {
        header: 'Role',
        cell: (s) =>
          byMinutes(s.roles)
            .map(([role]) => words(role))
            .join(', '),
        sortValue: (s) => byMinutes(s.roles)[0]?.[0] ?? '',
      },
      { header: 'Minutes', cell: (s) => s.minutes, sortValue: (s) => s.minutes },
      { header: 'Patients', cell: (s) => s.patients, sortValue: (s) => s.patients },
      {
        header: 'By activity',
        cell: (s) =>
          h(
            'ul',
            { className: 'reasons' },
            ...byMinutes(s.activities).map(([activity, minutes]) =>
              h('li', {}, `${words(activity)}: ${minutes} min`),
            ),
          ),
      },
    ],
  });
  const picker = h(
    'form',
    { className: 'filters' },
    h('label', { for: 'team-month' }, 'Month'),
    h('input', { id: 'team-month', name: 'month', type: 'month', value: month, required: true }),
    h('button', { type: 'submit' }, 'Show month'),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    location.assign(`/app/team?month=${encodeURIComponent(picker.elements.month.value)}`);
  });
  showPage(
    `Team · ${month}`,
    picker,
    h(
      'p',
      { className: 'lead' },
      `${team.totals.minutes} minutes in time entries in force (voided ones left out; an entry running into the next month counts here only up to midnight) and ${team.totals.contacts} contacts in ${month}.`,
    ),
    table.element,
    h('h2', {}, 'Contacts'),
    contactsTable(team.contacts),
  );
}
