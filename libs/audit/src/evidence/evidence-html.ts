import { reasonKey } from '@ccm/billing';
import { renderCareTeamAccess } from './care-team-evidence';
import type { ChainEvidence, ConsentEvidence, EvidencePacket } from './evidence-packet';
import { esc, facts, orNone, section, table, yesNo } from './html-parts';
import { renderMedications } from './medication-evidence';

function consentFacts(consent: ConsentEvidence): string {
  const d = consent.disclosures;
  return facts([
    ['Consent id', esc(consent.consentId)],
    ['Decision', esc(consent.decision)],
    ['Method', esc(consent.method)],
    ['Obtained at (practice time)', esc(consent.obtainedAt)],
    ['Obtained by', esc(consent.obtainedBy)],
    ['For billing practitioner', esc(consent.billingPractitionerId)],
    ['Document reference', orNone(consent.documentReference)],
    ['Recorded at (UTC)', esc(consent.recorded.recordedAt)],
    ['Recorded by', esc(consent.recorded.recordedBy)],
    ['Record revision', esc(consent.recorded.revision)],
    ['Disclosed: availability and scope', yesNo(d.availabilityAndScope)],
    ['Disclosed: cost sharing', yesNo(d.costSharing)],
    ['Disclosed: right to stop, effective month end', yesNo(d.rightToStopEffectiveMonthEnd)],
    ['Disclosed: one practitioner per month', yesNo(d.onePractitionerPerMonth)],
    [
      'Withdrawal',
      consent.withdrawal
        ? esc(
            `withdrawn ${consent.withdrawal.withdrawnAt}, effective end of ${consent.withdrawal.effectiveEndOfDay}` +
              ` (recorded ${consent.withdrawal.recorded.recordedAt} by ${consent.withdrawal.recorded.recordedBy})` +
              (consent.withdrawal.reason ? `: ${consent.withdrawal.reason}` : ''),
          )
        : 'none',
    ],
  ]);
}

function chainRow(chain: ChainEvidence): string[] {
  return [
    esc(chain.streamId),
    chain.ok ? '<span class="ok">intact</span>' : '<strong class="bad">BROKEN</strong>',
    esc(chain.eventsChecked),
    esc(chain.headRevision),
    `<code>${orNone(chain.headHash)}</code>`,
    chain.firstBreak
      ? esc(`${chain.firstBreak.kind.replace(/_/g, ' ')} at revision ${chain.firstBreak.revision}`)
      : '—',
  ];
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#111;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.5rem;margin-bottom:.25rem}h2{font-size:1.15rem;border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:12.5px}th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem}dt{font-weight:600}dd{margin:0}
.ok{color:#075e07;font-weight:600}.bad{color:#a00}.empty{color:#555;font-style:italic}.verdict{font-size:1.1rem;font-weight:700}
code{font-size:11px;word-break:break-all}ol.trace{font-family:ui-monospace,monospace;font-size:12px}
@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}h2{break-after:avoid}}
`;

/**
 * The packet as one self-contained HTML document (no script runs, nothing is fetched), printable to PDF
 * by any browser, carrying the JSON it was made from so the two cannot drift apart.
 */
export function renderEvidenceHtml(packet: EvidencePacket): string {
  const p = packet;
  const codes = p.decision.codes.map((c) => `${c.code} × ${c.units}`).join(', ');
  const verdict =
    p.decision.status === 'billable'
      ? `Billable: ${codes}`
      : p.decision.status === 'not_billable'
        ? 'Not billable'
        : 'Not decided: the facts are incomplete';
  const json = JSON.stringify(p, null, 2).replace(/</g, '\\u003c');

  const header = section(
    'summary',
    'Summary',
    facts([
      ['Practice', esc(`${p.practice.name ?? p.practice.practiceId} (${p.practice.practiceId})`)],
      ['Practice time zone', esc(p.practice.timeZone)],
      ['Patient', esc(p.patient.patientId)],
      ['Date of birth', orNone(p.patient.dateOfBirth)],
      ['Enrolled on', esc(p.patient.enrolledOn)],
      ['Care team', esc(p.patient.careTeam.join(', '))],
      ['Service month', esc(p.month)],
      [
        'Billing practitioner',
        esc(
          `${p.billingPractitioner.id}, NPI ${p.billingPractitioner.npi ?? 'unknown'}, ${p.billingPractitioner.credential ?? ''}`,
        ),
      ],
      ['Decision', `<span class="verdict">${esc(verdict)}</span>`],
      [
        'Claim',
        p.claim
          ? esc(
              `submitted ${p.claim.submitted.recordedAt} by ${p.claim.submitted.recordedBy}: ` +
                p.claim.codes.map((c) => `${c.code} × ${c.units}`).join(', '),
            )
          : 'not submitted',
      ],
      [
        'Record integrity',
        p.integrity.patientStream.ok && p.integrity.practiceStream.ok
          ? '<span class="ok">hash chains intact</span>'
          : '<strong class="bad">hash chain BROKEN</strong>',
      ],
      [
        'Generated',
        esc(`${p.generatedAt} by ${p.generatedBy.userId} (${p.generatedBy.role}), purpose ${p.purpose}`),
      ],
    ]),
  );

  const consent = section(
    'consent',
    'Consent and disclosures',
    facts([
      ['Status over the month', esc(p.consent.statusOverMonth.replace(/_/g, ' '))],
      ['In force from', orNone(p.consent.inForceFrom)],
      ['In force until', orNone(p.consent.inForceUntil)],
    ]) +
      (p.consent.governing
        ? `<h3>Governing consent</h3>${consentFacts(p.consent.governing)}`
        : '<p class="empty">No CCM consent on record by the end of the month.</p>') +
      `<h3>Consent decisions on record</h3>${table(
        ['Consent', 'Decision', 'Method', 'Obtained at', 'Recorded at (UTC)', 'Withdrawn'],
        p.consent.history.map((c) => [
          esc(c.consentId),
          esc(c.decision),
          esc(c.method),
          esc(c.obtainedAt),
          esc(c.recorded.recordedAt),
          orNone(c.withdrawal?.withdrawnAt),
        ]),
        'None.',
      )}`,
  );

  const plan = p.carePlan;
  const carePlan = section(
    'care-plan',
    'Care plan',
    facts([
      ['Status at month end', esc(plan.status.replace(/_/g, ' '))],
      ['Version in force', orNone(plan.version)],
      ['Type', orNone(plan.planType)],
      ['Established on', orNone(plan.establishedOn)],
      ['Authored by', orNone(plan.authoredBy)],
      ['Signed off by', orNone(plan.signedOffBy)],
      ['Activity this month', orNone(plan.activityThisMonth)],
      ['Copy given to patient or caregiver', yesNo(plan.sharedWithPatient)],
    ]) +
      `<h3>Revisions this month</h3>${table(
        ['Version', 'On', 'By', 'Substantial'],
        plan.revisionsThisMonth.map((r) => [esc(r.version), esc(r.on), esc(r.by), yesNo(r.substantial)]),
        'None this month.',
      )}<h3>Copies shared</h3>${table(
        ['Version', 'Shared on', 'Recipient', 'Method', 'By', 'Recorded at (UTC)'],
        plan.shares.map((s) => [
          esc(s.version),
          esc(s.sharedOn),
          esc(s.recipient),
          esc(s.method),
          esc(s.sharedBy),
          esc(s.recorded.recordedAt),
        ]),
        'No copy shared by the end of the month.',
      )}`,
  );

  const conditions = section(
    'conditions',
    'Chronic conditions',
    table(
      [
        'ICD-10',
        'Description',
        'Expected duration',
        'Significant risk',
        'Attested',
        'Resolved',
        'Qualifying',
      ],
      p.conditions.map((c) => [
        esc(c.icd10),
        esc(c.description),
        esc(c.expectedDuration.replace(/_/g, ' ')),
        yesNo(c.significantRisk),
        esc(`${c.attestedOn} by ${c.attestedBy}`),
        orNone(c.resolvedOn),
        yesNo(c.qualifying),
      ]),
      'No conditions on record.',
    ),
  );

  const v = p.initiatingVisit;
  const visit = section(
    'initiating-visit',
    'Initiating visit',
    v
      ? facts([
          ['Visit', esc(v.visitId)],
          ['Date', esc(v.visitDate)],
          ['Practitioner', esc(v.practitionerId)],
          ['Code', esc(v.visitCode)],
          ['CCM discussed', yesNo(v.ccmDiscussed)],
          ['By the billing practitioner', yesNo(v.byBillingPractitioner)],
        ])
      : '<p class="empty">No initiating visit on record by the end of the month.</p>',
  );

  const entries = section(
    'time-entries',
    'Time entries',
    table(
      [
        'Entry',
        'Performer',
        'Role',
        'Program',
        'Activity',
        'Occurred (practice time)',
        'Minutes',
        'In this month',
        'Recorded at (UTC)',
        'Recorded by',
        'Status',
      ],
      p.timeEntries.map((e) => [
        esc(e.entryId),
        esc(e.performerCredential ? `${e.performerId} (${e.performerCredential})` : e.performerId),
        esc(e.performerRole.replace(/_/g, ' ')),
        esc(e.program),
        esc(e.activity) + (e.flags.length ? `<br><small>${esc(e.flags.join('; '))}</small>` : ''),
        esc(`${e.occurredOn} ${e.startTime}`),
        esc(e.minutes),
        esc(e.minutesInMonth),
        esc(e.logged.recordedAt),
        esc(e.logged.by),
        e.status === 'voided' ? '<strong>voided</strong>' : 'active',
      ]),
      'No time logged in this month.',
    ),
  );

  const changes = section(
    'corrections',
    'Corrections, voids and reallocations',
    table(
      ['Entry', 'Kind', 'Change', 'Reason', 'Recorded at (UTC)', 'By', 'Revision'],
      p.entryChanges.map((c) => [
        esc(c.entryId),
        esc(c.kind),
        esc(c.change),
        esc(c.reason),
        esc(c.recordedAt),
        esc(c.by),
        esc(c.revision),
      ]),
      'No entry of this month was corrected, voided or reallocated.',
    ),
  );

  const contacts = section(
    'contacts',
    'Contacts',
    table(
      ['Contact', 'When', 'Channel', 'Direction', 'Party', 'Outcome', 'Recorded by'],
      p.contacts.map((c) => [
        esc(c.contactId),
        esc(c.occurredAt),
        esc(c.channel),
        esc(c.direction),
        esc(c.party),
        esc(c.outcome),
        esc(c.recordedBy),
      ]),
      'No contacts recorded in this month.',
    ),
  );

  const others = section(
    'other-services',
    'Other services in the month',
    table(
      ['Code', 'Practitioner', 'Date or period'],
      p.otherServices.map((s) => [esc(s.code), esc(s.practitionerId), orNone(s.date)]),
      'No other services recorded in this month.',
    ) +
      `<h3>Other practitioners' claims</h3>${table(
        ['Code', 'Practitioner', 'Status'],
        p.otherPractitionerClaims.map((c) => [esc(c.code), esc(c.practitionerId), orNone(c.status)]),
        'None known.',
      )}`,
  );

  const d = p.decision;
  const decision = section(
    'decision',
    'Billing decision',
    facts([
      ['Status', esc(d.status.replace(/_/g, ' '))],
      ['Rule set', orNone(d.ruleSet)],
      ['Codes', codes ? esc(codes) : 'none'],
      [
        'Counted minutes',
        d.countedMinutes
          ? esc(
              Object.entries(d.countedMinutes)
                .map(([k, m]) => `${k} ${String(m)}`)
                .join(', '),
            )
          : '—',
      ],
      ['Threshold reached on', orNone(d.thresholdReachedOn)],
      ['Facts assumed by documented default', d.assumed.length ? esc(d.assumed.join(', ')) : 'none'],
    ]) +
      `<h3>Not billed, and why</h3>${table(
        ['Reason', 'Rule'],
        d.notBillable.map((n) => [esc(reasonKey(n)), esc(n.rule)]),
        'Nothing excluded.',
      )}<h3>Decision trace</h3>${
        d.trace.length
          ? `<ol class="trace">${d.trace.map((t) => `<li>${esc(t)}</li>`).join('')}</ol>`
          : `<p class="empty">${esc(d.problems.map((x) => `${x.path}: ${x.message}`).join('; ') || 'No trace.')}</p>`
      }`,
  );

  const a = p.amendment;
  const amendment = section(
    'amendment',
    'As billed and as now',
    a && a.asBilled
      ? facts([
          ['Submitted', esc(a.asBilled.submittedAt)],
          [
            'As billed',
            esc(
              `${a.asBilled.status}: ${a.asBilled.codes.map((c) => `${c.code} × ${c.units}`).join(', ') || 'no codes'}`,
            ),
          ],
          [
            'As now',
            esc(
              a.asNow
                ? `${a.asNow.status}: ${a.asNow.codes.map((c) => `${c.code} × ${c.units}`).join(', ') || 'no codes'}`
                : 'no record',
            ),
          ],
          [
            'Amended after submission',
            a.amendedAfterSubmission ? '<strong class="bad">yes: file a corrected claim</strong>' : 'no',
          ],
        ]) +
          (a.differences.length
            ? `<ul class="differences">${a.differences.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`
            : '<p class="empty">The month has not changed since it was billed.</p>')
      : '<p class="empty">No claim submitted for this month.</p>',
  );

  const anchor = p.integrity.latestAnchor;
  const integrity = section(
    'integrity',
    'Record integrity',
    table(
      ['Stream', 'Hash chain', 'Events checked', 'Head revision', 'Head hash', 'First break'],
      [chainRow(p.integrity.patientStream), chainRow(p.integrity.practiceStream)],
      '',
    ) +
      (anchor
        ? facts([
            ['Latest signed anchor', esc(`${anchor.anchoredAt} (key ${anchor.keyId})`)],
            ['Anchor digest', `<code>${esc(anchor.digest)}</code>`],
            ['Patient events covered by it', esc(anchor.patientEventsCovered)],
          ])
        : '<p class="empty">No signed anchor recorded yet.</p>'),
  );

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>CCM evidence: ${esc(p.patient.patientId)} ${esc(p.month)}</title>
<style>${STYLE}</style></head>
<body>
<h1>Chronic care management: claim evidence for ${esc(p.month)}</h1>
${header}
${consent}
${carePlan}
${conditions}
${visit}
${entries}
${changes}
${contacts}
${renderCareTeamAccess(p.careTeamAndAccess)}
${renderMedications(p.medications)}
${others}
${decision}
${amendment}
${integrity}
<script type="application/json" id="evidence-json">${json}</script>
</body></html>
`;
}
