import type { PatientMonthFacts, TimeEntry } from '@ccm/billing';
import type { CommandList } from './api-command';
import { correctionPairs } from './coherent-time';

/**
 * Time entries of a coherent document: logged as first recorded (a correction's original values, a
 * reallocated entry's programs), then corrected, reallocated or voided. `raw` gives the corrections
 * (coherent rule 11).
 */
export function recordTime(doc: PatientMonthFacts, raw: PatientMonthFacts, out: CommandList): void {
  const bp = doc.billingPractitioner.id;
  const originals = new Map(correctionPairs(raw).map(([a, b]) => [b.id, a]));
  doc.timeEntries.forEach((e, i) => {
    const first: Pick<TimeEntry, 'date' | 'start' | 'minutes'> = originals.get(e.id) ?? e;
    const from = e.reallocatedFrom;
    const path = `timeEntries[${i}]`;
    out.add(
      path,
      'practitioner',
      'time-entries',
      {
        entryId: e.id,
        performerId: e.performer.id,
        performerRole: e.performer.role,
        program: from ? (from.length > 1 ? from : from[0]) : e.program,
        activity: e.activity,
        serviceDate: first.date,
        startTime: first.start,
        minutes: first.minutes,
        ...(e.faceToFace !== undefined ? { faceToFace: e.faceToFace } : {}),
        ...(e.duringBilledEm ? { duringBilledEm: e.duringBilledEm } : {}),
        ...(e.outcome ? { outcome: e.outcome } : {}),
        ...(typeof e.patientContact === 'boolean' ? { patientContact: e.patientContact } : {}),
        ...(e.interactiveCommunication !== undefined
          ? { interactiveCommunication: e.interactiveCommunication }
          : {}),
        ...(e.jointWith ? { jointWith: e.jointWith } : {}),
      },
      bp,
    );
    if (originals.has(e.id)) {
      out.add(
        `${path}.supersedes`,
        'practitioner',
        `time-entries/${e.id}/corrections`,
        {
          minutes: e.minutes,
          serviceDate: e.date,
          startTime: e.start,
          reason: e.correctionReason ?? 'corrected',
        },
        bp,
      );
    }
    if (from) {
      out.add(
        `${path}.reallocatedFrom`,
        'practitioner',
        `time-entries/${e.id}/reallocation`,
        { program: e.program, reason: 'allocated to one program' },
        bp,
      );
    }
    if (e.status === 'voided') {
      out.add(
        `${path}.status`,
        'practitioner',
        `time-entries/${e.id}/void`,
        { reason: e.voidReason ?? 'voided' },
        bp,
      );
    }
  });
}
