/**
 * Produces real events for projection specs: commands go through the record service (deciders, hash
 * chain, metadata) into an event store, with a clock the spec moves. Given these events, a spec checks
 * the read model.
 */
import type { PatientCommand, PracticeCommand, UserRole } from '@ccm/domain';
import {
  InMemoryEventStore,
  MAX_PAGE_SIZE,
  type EventStore,
  type GlobalPosition,
  type RecordedEvent,
} from '@ccm/event-store';
import { PatientRecords, PracticeRecords, type RequestContext } from '@ccm/record';

import {
  ALL_DISCLOSURES,
  MovableClock,
  OTHER_PRACTICE,
  PLAN_ELEMENTS,
  PRACTICE,
  roster,
  USERS,
} from './scenario-fixtures';

export { OTHER_PRACTICE, PRACTICE, roster } from './scenario-fixtures';

export class Scenario {
  readonly clock = new MovableClock(new Date('2026-01-05T15:00:00Z'));
  private readonly practices: PracticeRecords;
  private readonly patients: PatientRecords;
  private sequence = 0;

  constructor(readonly store: EventStore = new InMemoryEventStore()) {
    this.practices = new PracticeRecords(store, this.clock);
    this.patients = new PatientRecords(store, this.practices, this.clock);
  }

  /** Moves the clock: an ISO instant (`Z`), the time the next commands are recorded. */
  at(iso: string): this {
    this.clock.set(iso);
    return this;
  }

  async practice(practiceId = PRACTICE): Promise<void> {
    const command: PracticeCommand = { type: 'RegisterPractice', data: roster(practiceId) };
    await this.practices.execute(command, this.context('admin', practiceId));
  }

  async run(
    patientId: string,
    command: PatientCommand,
    role: UserRole = 'practitioner',
    practiceId = PRACTICE,
  ): Promise<void> {
    await this.patients.execute(patientId, command, this.context(role, practiceId));
  }

  enrol(patientId: string, practiceId = PRACTICE, billingPractitionerId = 'dr-adams'): Promise<void> {
    return this.run(
      patientId,
      {
        type: 'EnrollPatient',
        data: {
          patientId,
          dateOfBirth: '1948-05-02',
          billingPractitionerId,
          conditions: [
            {
              icd10: 'E11.9',
              description: 'Type 2 diabetes mellitus',
              expectedDuration: '12_months_or_more',
              significantRisk: true,
            },
            {
              icd10: 'I10',
              description: 'Essential hypertension',
              expectedDuration: '12_months_or_more',
              significantRisk: true,
            },
          ],
          careTeam: ['rn-lopez'],
        },
      },
      'admin',
      practiceId,
    );
  }

  consent(
    patientId: string,
    obtainedAt: string,
    consentId = `c-${patientId}`,
    practiceId = PRACTICE,
  ): Promise<void> {
    return this.run(
      patientId,
      {
        type: 'RecordConsent',
        data: {
          consentId,
          program: 'CCM',
          decision: 'accepted',
          method: 'verbal',
          obtainedAt,
          obtainedBy: 'dr-adams',
          disclosures: ALL_DISCLOSURES,
        },
      },
      'practitioner',
      practiceId,
    );
  }

  withdraw(patientId: string, withdrawnAt: string): Promise<void> {
    return this.run(
      patientId,
      { type: 'WithdrawConsent', data: { program: 'CCM', withdrawnAt, reason: 'patient asked' } },
      'care_manager',
    );
  }

  visit(patientId: string, visitDate: string, extensive = true): Promise<void> {
    return this.run(patientId, {
      type: 'RecordInitiatingVisit',
      data: {
        visitId: `v-${patientId}-${visitDate}`,
        visitDate,
        practitionerId: 'dr-adams',
        visitCode: '99214',
        ccmDiscussed: true,
        extensiveAssessmentAndCarePlanning: extensive,
      },
    });
  }

  async carePlan(patientId: string, establishedOn: string, sharedOn?: string): Promise<void> {
    await this.run(patientId, {
      type: 'CreateCarePlan',
      data: { planType: 'comprehensive', elements: PLAN_ELEMENTS, signedOffBy: 'dr-adams', establishedOn },
    });
    if (sharedOn) {
      await this.run(
        patientId,
        { type: 'ShareCarePlan', data: { recipient: 'patient', method: 'portal', sharedOn } },
        'care_manager',
      );
    }
  }

  logTime(
    patientId: string,
    entryId: string,
    serviceDate: string,
    startTime: string,
    minutes: number,
    overrides: {
      performerId?: string;
      performerRole?: 'clinical_staff' | 'physician_qhp' | 'non_clinical_staff';
      program?: 'CCM' | 'RPM' | readonly ('CCM' | 'RPM')[];
    } = {},
    practiceId = PRACTICE,
  ): Promise<void> {
    return this.run(
      patientId,
      {
        type: 'LogTime',
        data: {
          entryId,
          performerId: overrides.performerId ?? 'rn-lopez',
          performerRole: overrides.performerRole ?? 'clinical_staff',
          program: overrides.program ?? 'CCM',
          activity: 'care_coordination_call',
          serviceDate,
          startTime,
          minutes,
        },
      },
      'care_manager',
      practiceId,
    );
  }

  correct(patientId: string, entryId: string, minutes: number): Promise<void> {
    return this.run(
      patientId,
      { type: 'CorrectTime', data: { entryId, minutes, reason: 'typo in minutes' } },
      'care_manager',
    );
  }

  voidTime(patientId: string, entryId: string): Promise<void> {
    return this.run(
      patientId,
      { type: 'VoidTime', data: { entryId, reason: 'logged on the wrong patient' } },
      'care_manager',
    );
  }

  contact(patientId: string, occurredAt: string): Promise<void> {
    return this.run(
      patientId,
      {
        type: 'RecordContact',
        data: {
          contactId: `k-${patientId}-${occurredAt}`,
          channel: 'phone',
          direction: 'outbound',
          party: 'patient',
          occurredAt,
          outcome: 'reached',
          summary: 'Reviewed glucose log',
        },
      },
      'care_manager',
    );
  }

  /** Everything stored, in global order, read in pages. */
  async events(): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let after: GlobalPosition | undefined; ;) {
      const page = await this.store.readAll({ after, maxCount: MAX_PAGE_SIZE });
      events.push(...page.events);
      after = page.lastPosition ?? after;
      if (page.isEnd) return events;
    }
  }

  private context(role: UserRole, practiceId: string): RequestContext {
    this.sequence += 1;
    return {
      actor: { userId: USERS[role], role, practiceId },
      correlationId: `corr-${this.sequence}`,
      causationId: `cause-${this.sequence}`,
    };
  }
}

/**
 * The story most specs use. riverside/pt-1: enrolled, visited, consented and planned on 5 January 2026;
 * 25 staff minutes in January, 12 + 10 (an entry crossing into March) in February; in March 30 + 5
 * (corrected from 15) + the other 10 of the crossing entry, a voided entry, non-clinical minutes and a
 * contact. pt-2: enrolled in February, never consented. pt-3: consented, withdrew in March.
 * lakeside/pt-1: another practice's patient with the same id.
 */
export async function standardStory(scenario = new Scenario()): Promise<Scenario> {
  const s = scenario;
  await s.at('2026-01-05T14:00:00Z').practice();
  await s.practice(OTHER_PRACTICE);
  await s.enrol('pt-1');
  await s.at('2026-01-05T17:00:00Z').visit('pt-1', '2026-01-05');
  await s.consent('pt-1', '2026-01-05T10:00');
  await s.carePlan('pt-1', '2026-01-05', '2026-01-05');
  await s.at('2026-01-21T15:00:00Z').logTime('pt-1', 'e1', '2026-01-10', '10:00', 15);
  await s.logTime('pt-1', 'e2', '2026-01-20', '09:00', 10);
  await s.at('2026-02-10T15:00:00Z').enrol('pt-2');
  await s.logTime('pt-1', 'e3', '2026-02-09', '11:00', 12);
  await s.at('2026-03-02T15:00:00Z').logTime('pt-1', 'e-cross', '2026-02-28', '23:50', 20);
  await s.logTime('pt-1', 'e4', '2026-03-02', '08:00', 30);
  await s.at('2026-03-11T15:00:00Z').logTime('pt-1', 'e5', '2026-03-10', '10:00', 15);
  await s.correct('pt-1', 'e5', 5);
  await s.logTime('pt-1', 'e6', '2026-03-11', '08:00', 20);
  await s.voidTime('pt-1', 'e6');
  await s.logTime('pt-1', 'e7', '2026-03-11', '08:30', 10, {
    performerId: 'sched-kim',
    performerRole: 'non_clinical_staff',
  });
  await s.contact('pt-1', '2026-03-11T09:00');
  await s.enrol('pt-3');
  await s.consent('pt-3', '2026-03-11T08:00');
  await s.logTime('pt-3', 'e9', '2026-03-11', '08:10', 25);
  await s.at('2026-03-20T15:00:00Z').withdraw('pt-3', '2026-03-20T09:00');
  await s.enrol('pt-1', OTHER_PRACTICE);
  await s.at('2026-03-25T18:00:00Z').consent('pt-1', '2026-03-25T09:00', 'c-lake', OTHER_PRACTICE);
  await s.logTime('pt-1', 'l1', '2026-03-25', '09:30', 45, {}, OTHER_PRACTICE);
  return s;
}
