// One patient: the record in brief, each month's decision and blockers, the timeline, who changed and who read.
import { getJson, getText } from './api.js';
import { asOfForm } from './as-of.js';
import { download } from './download.js';
import { codesText, h, previousMonths, showPage } from './dom.js';
import { findingInWords } from './reasons.js';

const MONTHS_SHOWN = 6;
const LIST_LIMIT = 200;

const section = (id, title, ...content) =>
  h('section', { id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), ...content);

const list = (items) =>
  items.length === 0 ? h('p', {}, 'None.') : h('ul', {}, ...items.map((i) => h('li', {}, i)));

function summary(record, latest) {
  const consent = latest?.consent;
  const plan = latest?.carePlan;
  return h(
    'dl',
    { className: 'facts' },
    h('dt', {}, 'Enrolled'),
    h('dd', {}, record.enrolledOn),
    h('dt', {}, 'Billing practitioner'),
    h(
      'dd',
      {},
      `${record.billingPractitionerId}${latest?.billingPractitionerNpi ? ` (NPI ${latest.billingPractitionerNpi})` : ''}`,
    ),
    h('dt', {}, 'Care team'),
    h('dd', {}, (latest?.careTeam ?? record.careTeam).join(', ')),
    h('dt', {}, 'Conditions'),
    h('dd', {}, list(record.conditions.map((c) => `${c.icd10} ${c.description}`))),
    h('dt', {}, 'Consent'),
    h(
      'dd',
      {},
      consent
        ? `${consent.status.replace(/_/g, ' ')}${consent.obtainedAt ? `, obtained ${consent.obtainedAt} (${consent.method?.replace(/_/g, ' ')})` : ''}`
        : 'None recorded',
    ),
    h('dt', {}, 'Care plan'),
    h(
      'dd',
      {},
      plan && plan.version
        ? `version ${plan.version}, ${plan.planType}, ${plan.status.replace(/_/g, ' ')}, signed off by ${plan.signedOffBy ?? 'nobody yet'}`
        : 'None',
    ),
    h('dt', {}, 'Designated care-team member'),
    h('dd', {}, latest?.designatedCareTeamMember?.asOfMonthEnd?.memberId ?? 'None designated'),
    h('dt', {}, 'After-hours access with the record'),
    h('dd', {}, latest?.afterHoursAccess?.withRecordAccessWholeMonth ? 'All month' : 'Not all month'),
    h('dt', {}, `Medications (${record.medications?.asOf ?? 'today'})`),
    h('dd', {}, medicationList(record.medications)),
  );
}

/** The active medications, and when the list was last reconciled. */
function medicationList(medications) {
  if (!medications) return 'Not recorded';
  const active = medications.list.filter((m) => m.status === 'active');
  const last = medications.latestReconciliation;
  return h(
    'div',
    { id: 'medications' },
    list(active.map((m) => `${m.name} ${m.dose}, ${m.route}, ${m.frequency}`)),
    h(
      'p',
      {},
      last ? `Last reconciled ${last.reconciledOn} (${last.source.replace(/_/g, ' ')})` : 'Never reconciled',
    ),
  );
}

function monthRow(patientId, doc) {
  const decision = doc.billing.decision;
  const reasons = (decision?.notBillable ?? []).map((f) => {
    const { words, rule } = findingInWords(f);
    return h('span', {}, words, ' ', h('code', { className: 'rule' }, rule));
  });
  const evidence = h(
    'button',
    { type: 'button', 'aria-label': `Download the claim evidence packet of ${doc.month}` },
    'Evidence packet',
  );
  evidence.addEventListener('click', async () => {
    const html = await getText(
      `/patients/${encodeURIComponent(patientId)}/months/${doc.month}/evidence?format=html`,
      'audit',
    );
    download(`evidence-${patientId}-${doc.month}.html`, html, 'text/html');
  });
  return h(
    'tr',
    { 'data-month': doc.month },
    h('th', { scope: 'row' }, doc.month),
    h('td', {}, doc.billing.status.replace(/[-_]/g, ' ')),
    h('td', {}, codesText(decision?.codes ?? []) || '—'),
    h('td', {}, decision?.countedMinutes?.staff ?? doc.summary.countedStaffMinutes),
    h('td', {}, list(reasons)),
    h('td', {}, claimCell(doc)),
    h('td', {}, evidence),
  );
}

// A month changed after its claim bills other codes now: the practice owes a corrected claim.
function claimCell(doc) {
  if (!doc.claim) return 'No';
  const submitted = `Submitted by ${doc.claim.submittedBy} (${codesText(doc.claim.codes) || 'no codes'})`;
  if (!doc.amendedAfterSubmission) return submitted;
  return h(
    'span',
    {},
    `${submitted}; `,
    h('strong', { className: 'flag' }, 'amended since: file a correction'),
  );
}

const table = (caption, headers, rows) =>
  h(
    'div',
    { className: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': caption },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...rows),
    ),
  );

export async function show({ id }) {
  const path = `/patients/${encodeURIComponent(id)}`;
  const record = await getJson(path, 'treatment');
  const current = (await getJson('/metrics/program', 'treatment')).month;
  const enrolledMonth = record.enrolledOn.slice(0, 7);
  const months = previousMonths(current, MONTHS_SHOWN - 1)
    .filter((m) => m >= enrolledMonth)
    .reverse();
  const [docs, timeline, changes, reads] = await Promise.all([
    Promise.all(months.map((m) => getJson(`${path}/months/${m}`, 'treatment').catch(() => null))),
    getJson(`${path}/timeline?limit=${LIST_LIMIT}`, 'treatment'),
    getJson(`${path}/audit-trail?limit=${LIST_LIMIT}`, 'treatment'),
    getJson(`${path}/audit-trail/reads?limit=${LIST_LIMIT}`, 'treatment'),
  ]);
  const found = docs.filter(Boolean);
  showPage(
    `Patient ${id}`,
    section('summary', 'Record summary', summary(record, found[0])),
    section(
      'months',
      'Months and their billing decision',
      table(
        'Billing decision by month, latest first',
        ['Month', 'Status', 'Codes', 'Staff minutes', 'Reasons and rules', 'Claim', 'Evidence'],
        found.map((d) => monthRow(id, d)),
      ),
    ),
    section(
      'as-of',
      'A month as recorded at an earlier instant',
      ...asOfForm(
        id,
        found.map((d) => d.month),
      ),
    ),
    section(
      'timeline',
      'Timeline',
      table(
        'What happened, in order',
        ['Happened', 'What', 'Who', 'Recorded'],
        timeline.items.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, e.occurredAt),
            h('td', {}, e.what),
            h('td', {}, `${e.who.actorId} (${e.who.role})`),
            h('td', {}, e.recordedAtLocal),
          ),
        ),
      ),
      timeline.nextCursor ? h('p', { className: 'hint' }, `The first ${LIST_LIMIT} events are shown.`) : null,
    ),
    section(
      'changes',
      'Audit trail: who changed the record',
      table(
        'Changes',
        ['Recorded', 'Change', 'By', 'Happened', 'Days late'],
        changes.items.map((c) =>
          h(
            'tr',
            {},
            h('td', {}, c.recordedAtLocal),
            h('td', {}, c.type),
            h('td', {}, `${c.actor.id} (${c.actor.role})`),
            h('td', {}, c.occurredAt),
            h('td', {}, c.recordedAfterDays),
          ),
        ),
      ),
    ),
    section(
      'reads',
      'Audit trail: who looked',
      table(
        'Reads of the record',
        ['When', 'Who', 'What', 'Purpose', 'Channel'],
        reads.items.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, r.accessedAt),
            h('td', {}, `${r.actor.id} (${r.actor.role})`),
            h('td', {}, r.what),
            h('td', {}, r.purpose),
            h('td', {}, r.channel),
          ),
        ),
      ),
    ),
  );
}
