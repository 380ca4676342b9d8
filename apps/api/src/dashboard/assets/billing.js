// Every patient-month of a month for the biller: status, codes, reasons with their rule ids, claims.
import { getAll, getJson, getText, post } from './api.js';
import { download } from './download.js';
import { codesText, dollars, h, monthParam, patientLink, showPage, sortableTable, rowsParam } from './dom.js';
import { findingInWords } from './reasons.js';

/** Which lines the page shows; the last two are the overview's "consented" and "active" counts. */
const STATUSES = [
  ['all', 'All patient-months', () => true],
  ['billable', 'Billable', (l) => l.status === 'billable'],
  ['not-billable', 'Not billable', (l) => l.status !== 'billable'],
  ['consented', 'Consented during the month', (l) => l.consentedDuringMonth],
  ['active', 'Active (CCM staff time counted)', (l) => l.countedStaffMinutes > 0],
];

function reasonsCell(line) {
  if (line.notBillable.length === 0) return 'None';
  return h(
    'ul',
    { className: 'reasons' },
    ...line.notBillable.map((finding) => {
      const { words, rule } = findingInWords(finding);
      return h('li', {}, words, ' ', h('code', { className: 'rule' }, rule));
    }),
  );
}

function claimCell(line, canSubmit, announce) {
  if (line.claim) return `Submitted by ${line.claim.submittedBy} (${codesText(line.claim.codes)})`;
  if (!canSubmit || line.status !== 'billable') return 'Not submitted';
  const button = h(
    'button',
    {
      type: 'button',
      className: 'submit-claim',
      'aria-label': `Submit claim for ${line.patientId}, ${line.month}`,
    },
    'Submit claim',
  );
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      // The api decides the month again from the events and refuses a second claim (CLAIM-4).
      const receipt = await post(
        `/patients/${encodeURIComponent(line.patientId)}/months/${line.month}/claim`,
        'payment',
      );
      button.replaceWith(h('span', { className: 'submitted' }, `Submitted (${codesText(receipt.codes)})`));
      announce(`Claim submitted for ${line.patientId}, ${line.month}.`);
    } catch (error) {
      button.disabled = false;
      announce(`The claim for ${line.patientId} was not submitted: ${error.message}`);
    }
  });
  return button;
}

export async function show({ user }) {
  const params = new URLSearchParams(location.search);
  const month = monthParam((await getJson('/metrics/program', 'payment')).month);
  const status = STATUSES.some(([value]) => value === params.get('status')) ? params.get('status') : 'all';
  const billing = await getAll(`/billing/months/${month}`, 'payment');
  const lines = billing.items;
  const shown = lines.filter(STATUSES.find(([value]) => value === status)[2]);
  const canSubmit = user.role === 'biller';
  const notice = h('p', { id: 'billing-notice', role: 'status' });
  const announce = (text) => (notice.textContent = text);
  const table = sortableTable({
    caption: `Patient-months of ${month} (${shown.length})`,
    rowKey: (l) => l.patientId,
    pageSize: rowsParam(),
    rows: shown,
    columns: [
      { header: 'Patient', cell: (l) => patientLink(l.patientId), sortValue: (l) => l.patientId },
      { header: 'Status', cell: (l) => l.status.replace(/[-_]/g, ' '), sortValue: (l) => l.status },
      { header: 'Codes', cell: (l) => codesText(l.codes) || '—', sortValue: (l) => codesText(l.codes) },
      {
        header: 'Staff minutes',
        cell: (l) => l.countedMinutes?.staff ?? 0,
        sortValue: (l) => l.countedMinutes?.staff ?? 0,
      },
      {
        header: 'Estimated allowed',
        cell: (l) => dollars(l.estimatedAllowedCents ?? 0),
        sortValue: (l) => l.estimatedAllowedCents ?? 0,
      },
      { header: 'Reasons and rules', cell: reasonsCell },
      {
        header: 'Amended after submission',
        cell: (l) =>
          l.amendedAfterSubmission ? h('strong', { className: 'flag' }, 'Amended: file a correction') : 'No',
        sortValue: (l) => (l.amendedAfterSubmission ? 1 : 0),
      },
      { header: 'Claim', cell: (l) => claimCell(l, canSubmit, announce) },
    ],
  });
  const picker = h(
    'form',
    { className: 'filters', id: 'billing-picker' },
    h('label', { for: 'billing-month' }, 'Month'),
    h('input', { id: 'billing-month', name: 'month', type: 'month', value: month, required: true }),
    h('label', { for: 'billing-status' }, 'Status'),
    h(
      'select',
      { id: 'billing-status', name: 'status' },
      ...STATUSES.map(([value, text]) => h('option', { value, selected: value === status }, text)),
    ),
    h('button', { type: 'submit' }, 'Show'),
  );
  picker.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = new URLSearchParams({
      month: picker.elements.month.value,
      status: picker.elements.status.value,
    });
    location.assign(`/app/billing?${query}`);
  });
  const csv = h('button', { type: 'button', id: 'download-csv' }, `Download ${month} export (CSV)`);
  // The api's export, the file `npm run ccm -- billing export` writes, read from the same read model as the table.
  csv.addEventListener('click', async () => {
    const text = await getText(`/billing/months/${month}/export?format=csv`, 'payment');
    download(`billing-${month}.csv`, text, 'text/csv');
  });
  const billable = lines.filter((l) => l.status === 'billable').length;
  const amended = lines.filter((l) => l.amendedAfterSubmission).length;
  showPage(
    `Billing month · ${month}`,
    picker,
    h(
      'p',
      { className: 'lead', id: 'billing-summary' },
      `${lines.length} patient-months: ${billable} billable, ${lines.length - billable} not billable, ${lines.filter((l) => l.claim).length} submitted, ${amended} amended after submission.`,
    ),
    h('div', { className: 'actions' }, csv),
    notice,
    table.element,
  );
}
