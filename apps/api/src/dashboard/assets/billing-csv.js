// The month's export, in the columns and order of `npm run ccm -- billing export --format csv`.

const COLUMNS = [
  'patientId',
  'serviceMonth',
  'status',
  'billingPractitionerId',
  'billingPractitionerNpi',
  'codes',
  'diagnosisCodes',
  'dateOfService',
  'estimatedAllowedCents',
  'submitted',
  'amendedAfterSubmission',
  'reasons',
];

const cell = (value) => {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const codesText = (codes) =>
  codes
    .map((c) => `${c.code}x${c.units}`)
    .sort()
    .join(';');

function rowOf(line) {
  return {
    patientId: line.patientId,
    serviceMonth: line.month,
    status: line.status,
    billingPractitionerId: line.billingPractitionerId,
    billingPractitionerNpi: line.billingPractitionerNpi ?? '',
    codes: codesText(line.codes),
    diagnosisCodes: line.diagnosisCodes.join(';'),
    dateOfService: line.dateOfService ?? '',
    estimatedAllowedCents: line.estimatedAllowedCents,
    submitted: line.claim !== null,
    amendedAfterSubmission: line.amendedAfterSubmission,
    reasons: line.notBillable.map((r) => (r.ref === undefined ? r.reason : `${r.reason}:${r.ref}`)).join(';'),
  };
}

export function exportCsv(lines) {
  const rows = lines
    .map(rowOf)
    .sort((a, b) => (a.patientId < b.patientId ? -1 : a.patientId > b.patientId ? 1 : 0));
  return (
    [COLUMNS.join(','), ...rows.map((row) => COLUMNS.map((c) => cell(row[c])).join(','))].join('\n') + '\n'
  );
}

/** Saves text as a file; the object URL lives only for the click. */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
