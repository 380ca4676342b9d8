import type { PatientEvent } from '@ccm/domain';
import type { PatientEventEnvelope } from '@ccm/patient-months';
import { auditEntryOf, type AuditEntry } from './audit-entry';
import { evolveAudit, type AuditHeader } from './audit-index';
import { itemIndexesInMemory } from '../testing/audit-items';

const envelope = (revision: number, event: PatientEvent): PatientEventEnvelope => ({
  practiceId: 'riverside',
  patientId: 'pt-1',
  event,
  eventId: `e-${revision}`,
  revision,
  position: String(revision),
  actorId: 'rn-lopez',
  actorRole: 'care_manager',
  recordedAt: '2026-03-31T17:00:00Z',
  recordedAtLocal: '2026-03-31T12:00',
  occurredAt: '2026-03-10T09:30',
  timeZone: 'America/Chicago',
  hash: `h${revision}`,
  previousHash: `h${revision - 1}`,
  correlationId: 'c',
});

const measurement = { kind: 'a1c', a1cPercent: 7.2 } as const;
const events: PatientEvent[] = [
  {
    type: 'ClinicalObservationRecorded',
    data: {
      observationId: 'o-1',
      measurement,
      takenAt: '2026-03-10T09:30',
      source: { type: 'staff' },
      recordedBy: 'u',
    },
  },
  {
    type: 'EmergencyVisitRecorded',
    data: { visitId: 'ed', visitDate: '2026-03-11', facility: 'Mercy ED', recordedBy: 'u' },
  },
  {
    type: 'ClinicalObservationCorrected',
    data: { observationId: 'o-1', measurement, takenAt: '2026-03-09T09:30', reason: 'x', correctedBy: 'u' },
  },
  {
    type: 'SatisfactionSurveyRecorded',
    data: {
      surveyId: 's',
      completedOn: '2026-03-20',
      instrument: 'x',
      scale: { min: 1, max: 5 },
      overallScore: 4,
      recordedBy: 'u',
    },
  },
  { type: 'ClinicalObservationVoided', data: { observationId: 'o-1', reason: 'x', voidedBy: 'u' } },
];

describe('audit entries of observations, utilisation and satisfaction', () => {
  let entries: AuditEntry[];
  beforeAll(() => {
    let header: AuditHeader | undefined;
    const items = itemIndexesInMemory();
    entries = [];
    events.forEach((event, revision) => {
      const recorded = envelope(revision, event);
      const next = evolveAudit(header, recorded, items);
      if (!next) throw new Error('expected an entry');
      items.keep(next.item);
      header = next.header;
      entries.push(auditEntryOf(recorded, next.note));
    });
  });

  it('gives every event an entry with its change exactly as recorded', () => {
    expect(entries.map((e) => e.type)).toEqual(events.map((e) => e.type));
    entries.forEach((entry, i) => expect(entry.change).toEqual(events[i].data));
  });

  it('links a correction and a void to the observation they change', () => {
    expect(entries[2].links).toEqual([
      {
        relation: 'corrects',
        kind: 'clinical_observation',
        id: 'o-1',
        originalRevision: 0,
        previousRevision: 0,
      },
    ]);
    expect(entries[4].links).toEqual([
      {
        relation: 'voids',
        kind: 'clinical_observation',
        id: 'o-1',
        originalRevision: 0,
        previousRevision: 2,
      },
    ]);
    expect([entries[0], entries[1], entries[3]].every((e) => e.links.length === 0)).toBe(true);
  });
});
