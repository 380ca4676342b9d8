// Minutes logged by each staff member and activity in a month, and contacts by channel and outcome.
import { getAll, getJson } from './api.js';
import { h, monthParam, showPage, sortableTable } from './dom.js';

/**
 * No read model totals a month by staff member yet, so each patient's month is read (and logged as read,
 * as every api read is). Beyond this many patients the page says so rather than flood the api.
 */
const MAX_PATIENTS = 500;
const PARALLEL_READS = 6;

async function monthsOf(patientIds, month) {
  const documents = [];
  let next = 0;
  const worker = async () => {
    while (next < patientIds.length) {
      const id = patientIds[next++];
      documents.push(await getJson(`/patients/${encodeURIComponent(id)}/months/${month}`, 'operations'));
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
  return documents;
}

function byStaff(documents) {
  const staff = new Map();
  for (const document of documents) {
    for (const entry of document.timeEntries) {
      if (entry.status !== 'active') continue;
      const member = staff.get(entry.performerId) ?? {
        staffId: entry.performerId,
        role: entry.performerRole,
        minutes: 0,
        patients: new Set(),
        activities: new Map(),
      };
      member.minutes += entry.minutes;
      member.patients.add(document.patientId);
      member.activities.set(entry.activity, (member.activities.get(entry.activity) ?? 0) + entry.minutes);
      staff.set(entry.performerId, member);
    }
  }
  return [...staff.values()].sort((a, b) => b.minutes - a.minutes);
}

function contactsTable(documents) {
  const counts = new Map();
  const outcomes = new Set();
  for (const document of documents) {
    for (const contact of document.contacts) {
      outcomes.add(contact.outcome);
      const row = counts.get(contact.channel) ?? new Map();
      row.set(contact.outcome, (row.get(contact.outcome) ?? 0) + 1);
      counts.set(contact.channel, row);
    }
  }
  const columns = [...outcomes].sort();
  if (counts.size === 0) return h('p', {}, 'No contacts recorded this month.');
  const words = (text) => text.replace(/_/g, ' ');
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
        ),
      ),
      h(
        'tbody',
        {},
        ...[...counts.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([channel, row]) =>
            h(
              'tr',
              { 'data-channel': channel },
              h('th', { scope: 'row' }, words(channel)),
              ...columns.map((c) => h('td', {}, row.get(c) ?? 0)),
            ),
          ),
      ),
    ),
  );
}

export async function show() {
  const month = monthParam((await getJson('/metrics/program', 'operations')).month);
  const lines = (await getAll(`/billing/months/${month}`, 'operations')).items;
  if (lines.length > MAX_PATIENTS) {
    showPage(
      `Team · ${month}`,
      h(
        'p',
        {},
        `This practice has ${lines.length} patients this month; the team page reads each patient's month and stops above ${MAX_PATIENTS}.`,
      ),
    );
    return;
  }
  const documents = await monthsOf(
    lines.map((l) => l.patientId),
    month,
  );
  const staff = byStaff(documents);
  const table = sortableTable({
    caption: `Minutes logged by staff member in ${month}`,
    rowKey: (s) => s.staffId,
    rows: staff,
    columns: [
      { header: 'Staff member', cell: (s) => s.staffId, sortValue: (s) => s.staffId },
      { header: 'Role', cell: (s) => s.role.replace(/_/g, ' '), sortValue: (s) => s.role },
      { header: 'Minutes', cell: (s) => s.minutes, sortValue: (s) => s.minutes },
      { header: 'Patients', cell: (s) => s.patients.size, sortValue: (s) => s.patients.size },
      {
        header: 'By activity',
        cell: (s) =>
          h(
            'ul',
            { className: 'reasons' },
            ...[...s.activities.entries()]
              .sort((a, b) => b[1] - a[1])
              .map(([activity, minutes]) => h('li', {}, `${activity.replace(/_/g, ' ')}: ${minutes} min`)),
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
      `Time entries in force (voided ones left out) of the ${documents.length} patients with a month in ${month}.`,
    ),
    table.element,
    h('h2', {}, 'Contacts'),
    contactsTable(documents),
  );
}
