import {
  addDays,
  RPM_DEVICE_TYPES,
  daysInMonth,
  type Actor,
  type ConditionInput,
  type PatientCommand,
  type PracticeCommand,
  type UserRole,
} from '@ccm/domain';
import {
  ACTIVITIES,
  CLINICAL_STAFF,
  CONDITIONS,
  MONTHLY_MINUTES,
  PRACTITIONERS,
  SCHEDULERS,
} from './catalog';
import { CARE_OUTCOMES_SALT, planCareOutcomes } from './care-outcomes';
import { DEMOGRAPHICS_SALT, planDemographics } from './demographics-plan';
import { Random } from './random';

export interface ClinicOptions {
  readonly practiceId: string;
  readonly patients: number;
  readonly months: number;
  readonly seed: number;
  /** The last date anything happens (practice-local); the clinic's months end with its month. */
  readonly lastDay: string;
  /**
   * Also record observations, ED visits, admissions, satisfaction surveys and medications
   * (care-outcomes.ts), designated care-team members and after-hours contacts (care-team-plan.ts) and the
   * practice's 24/7 access (after-hours-plan.ts). Off by default: the benchmarks' and tests' clinics stay
   * event for event what they were.
   */
  readonly careOutcomes?: boolean;
  /**
   * Also record what the EHR and the payer read: every patient's demographics (demographics-plan.ts),
   * the practice's billing setup (billing-setup-plan.ts) and a candidate panel with outreach and the link
   * to the patients enrolled (candidate-plan.ts). Off by default, for the same reason as `careOutcomes`.
   */
  readonly interop?: boolean;
}

export interface ClinicStep {
  readonly actor: Actor;
  readonly command: PatientCommand;
  /** Practice-local date-time at which it happened, to keep a patient's steps in order. */
  readonly at: string;
}

export interface PatientPlan {
  readonly patientId: string;
  readonly steps: readonly ClinicStep[];
}

export function practiceCommand(practiceId: string): PracticeCommand {
  return {
    type: 'RegisterPractice',
    data: {
      practiceId,
      name: 'Demo Family Medicine',
      timeZone: 'America/Chicago',
      billingPractitioners: PRACTITIONERS,
      staff: [
        ...CLINICAL_STAFF.map((id) => ({
          id,
          role: 'clinical_staff' as const,
          credential: id.split('-')[0].toUpperCase(),
        })),
        ...SCHEDULERS.map((id) => ({ id, role: 'non_clinical_staff' as const, credential: 'scheduler' })),
      ],
    },
  };
}

const actor = (practiceId: string, userId: string, role: UserRole): Actor => ({ userId, role, practiceId });

/** The months of the clinic, oldest first, ending with the month of `lastDay`. */
export function clinicMonths(lastDay: string, count: number): string[] {
  const [year, month] = [Number(lastDay.slice(0, 4)), Number(lastDay.slice(5, 7))];
  return Array.from({ length: count }, (_, i) => {
    const index = year * 12 + (month - 1) - (count - 1 - i);
    return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

function drawConditions(random: Random): ConditionInput[] {
  for (;;) {
    const drawn = CONDITIONS.filter(([, prevalence]) => random.chance(prevalence)).map(([c]) => c);
    if (drawn.length >= 2) return drawn.slice(0, 6);
  }
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Plans one patient's history: the commands a care team would have sent, in the order they happened. */
export function planPatient(options: ClinicOptions, index: number, root: Random): PatientPlan {
  const random = root.fork(index);
  const practiceId = options.practiceId;
  const patientId = `pt-${String(index + 1).padStart(5, '0')}`;
  const months = clinicMonths(options.lastDay, options.months);
  const lastDay = options.lastDay;
  const practitioner = random.pick(PRACTITIONERS).id;
  const team = [random.pick(CLINICAL_STAFF), random.pick(CLINICAL_STAFF)];
  const admin = actor(practiceId, 'admin-demo', 'admin');
  const doctor = actor(practiceId, practitioner, 'practitioner');
  const nurse = (id: string): Actor => actor(practiceId, id, 'care_manager');
  const steps: ClinicStep[] = [];

  const startMonth = random.chance(0.7) ? 0 : random.int(0, months.length - 1);
  const dayIn = (month: string, from = 1): string | undefined => {
    const last =
      month === lastDay.slice(0, 7)
        ? Number(lastDay.slice(8, 10))
        : daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
    return from > last ? undefined : `${month}-${pad(random.int(from, last))}`;
  };
  const enrolDay = dayIn(months[startMonth]);
  if (!enrolDay) return { patientId, steps };
  const enrolAt = `${enrolDay}T${pad(random.int(8, 11))}:00`;

  steps.push({
    actor: admin,
    at: enrolAt,
    command: {
      type: 'EnrollPatient',
      data: {
        patientId,
        dateOfBirth: `${random.int(1935, 1960)}-${pad(random.int(1, 12))}-${pad(random.int(1, 28))}`,
        billingPractitionerId: practitioner,
        conditions: drawConditions(random).map((c) => ({ ...c, attestedOn: enrolDay })),
        enrolledOn: enrolDay,
        careTeam: [...new Set(team)],
      },
    },
  });
  // INIT-1: most patients had a qualifying visit with their practitioner at which CCM was discussed.
  if (random.chance(0.85)) {
    steps.push({
      actor: doctor,
      at: `${enrolDay}T08:00`,
      command: {
        type: 'RecordInitiatingVisit',
        data: {
          visitId: `${patientId}-visit`,
          visitDate: enrolDay,
          practitionerId: practitioner,
          visitCode: random.pick(['99213', '99214', '99215', 'G0439']),
          ccmDiscussed: true,
          extensiveAssessmentAndCarePlanning: random.chance(0.4),
        },
      },
    });
  }
  const declined = random.chance(0.03);
  const consentAt = `${enrolDay}T${pad(random.int(12, 16))}:${pad(random.int(0, 11) * 5)}`;
  steps.push({
    actor: doctor,
    at: consentAt,
    command: {
      type: 'RecordConsent',
      data: {
        consentId: `${patientId}-consent-1`,
        program: 'CCM',
        decision: declined ? 'declined' : 'accepted',
        method: random.weighted([
          ['verbal_by_phone', 5],
          ['verbal', 3],
          ['written', 2],
        ] as const),
        obtainedAt: consentAt,
        obtainedBy: practitioner,
        disclosures: {
          availabilityAndScope: true,
          costSharing: true,
          rightToStopEffectiveMonthEnd: true,
          onePractitionerPerMonth: true,
        },
        documentReference: `dms://consents/${patientId}/1`,
      },
    },
  });
  steps.push(
    contact(nurse(team[0]), consentAt, 'phone', 'reached', 'Consent discussion', `${patientId}-c-consent`),
  );
  if (declined) return { patientId, steps: ordered(steps) };

  steps.push({
    actor: doctor,
    at: `${enrolDay}T17:00`,
    command: {
      type: 'CreateCarePlan',
      data: {
        planType: 'comprehensive',
        elements: {
          problemList: ['Chronic conditions as listed'],
          expectedOutcomeAndPrognosis: 'Stable with adherence and monthly follow-up',
          measurableGoals: ['Blood pressure under 140/90', 'No unplanned admissions this quarter'],
          symptomManagement: 'Action plan for exacerbations reviewed with patient',
          plannedInterventions: [{ description: 'Monthly care coordination call', responsible: team[0] }],
          medicationManagement: 'Reconciliation monthly; adherence checks',
          coordinationWithOutsideResources: 'Specialists and pharmacy as needed',
          periodicReview: 'Monthly review, yearly full revision',
        },
        signedOffBy: practitioner,
        establishedOn: enrolDay,
      },
    },
  });
  steps.push({
    actor: nurse(team[0]),
    at: `${enrolDay}T17:05`,
    command: {
      type: 'ShareCarePlan',
      data: {
        recipient: 'patient',
        method: random.pick(['portal', 'paper', 'mail'] as const),
        sharedOn: enrolDay,
      },
    },
  });

  const rpm = random.chance(0.1);
  if (rpm) {
    // RPM-1: the device keeps 30-day periods of its own from the day after enrolment, each reported at
    // its end with the days it transmitted data (RPM-2: 2-15 days and 16-30 days bill differently).
    steps.push({
      actor: doctor,
      at: `${enrolDay}T17:10`,
      command: {
        type: 'EnrollInRpm',
        data: {
          deviceType: random.pick(RPM_DEVICE_TYPES),
          orderingPractitionerId: practitioner,
          enrolledOn: enrolDay,
          consentDocumented: true,
          establishedPatient: true,
        },
      },
    });
    let period = 0;
    for (let start = addDays(enrolDay, 1); addDays(start, 29) <= lastDay; start = addDays(start, 30)) {
      steps.push({
        actor: nurse(team[0]),
        at: `${addDays(start, 29)}T18:00`,
        command: {
          type: 'RecordRpmDevicePeriod',
          data: {
            periodId: `${patientId}-device-${++period}`,
            start,
            daysWithTransmittedData: random.int(8, 30),
          },
        },
      });
    }
  }
  for (let m = startMonth; m < months.length; m++) {
    const month = months[m];
    const firstDay = m === startMonth ? Number(enrolDay.slice(8, 10)) + 1 : 1;
    if (dayIn(month, firstDay) === undefined) continue;
    const [low, high] = random.weighted(MONTHLY_MINUTES);
    let remaining = random.int(low, high);
    let n = 0;
    const entries: { id: string; minutes: number }[] = [];
    while (remaining > 0) {
      const minutes = Math.min(remaining, random.int(5, 25));
      remaining -= minutes;
      const day = dayIn(month, firstDay);
      if (!day) break;
      const start = `${pad(random.int(8, 16))}:${pad(random.int(0, 11) * 5)}`;
      const byPractitioner = random.chance(0.1);
      const performer = byPractitioner ? practitioner : random.pick(team);
      const entryId = `${patientId}-${month}-${++n}`;
      entries.push({ id: entryId, minutes });
      steps.push({
        actor: byPractitioner ? doctor : nurse(performer),
        at: `${day}T${start}`,
        command: {
          type: 'LogTime',
          data: {
            entryId,
            performerId: performer,
            performerRole: byPractitioner ? 'physician_qhp' : 'clinical_staff',
            program: 'CCM',
            activity: random.weighted(ACTIVITIES),
            serviceDate: day,
            startTime: start,
            minutes,
          },
        },
      });
      if (random.chance(0.4)) {
        const c = contact(
          nurse(team[0]),
          `${day}T${start}`,
          random.pick(['phone', 'secure_message', 'video'] as const),
          'reached',
          'Monthly check-in',
          `${entryId}-c`,
        );
        steps.push(c);
      }
    }
    if (random.chance(0.15)) {
      const day = dayIn(month, firstDay);
      if (day) {
        const at = `${day}T09:00`;
        steps.push(
          contact(
            nurse(team[0]),
            at,
            'phone',
            'no_answer',
            'Left no message',
            `${patientId}-${month}-attempt`,
          ),
        );
        steps.push({
          actor: nurse(team[0]),
          at,
          command: {
            type: 'LogTime',
            data: {
              entryId: `${patientId}-${month}-attempt`,
              performerId: team[0],
              performerRole: 'clinical_staff',
              program: 'CCM',
              activity: 'outreach_attempt',
              serviceDate: day,
              startTime: '09:00',
              minutes: 3,
              outcome: 'unsuccessful',
              patientContact: false,
            },
          },
        });
      }
    }
    if (rpm) {
      for (const [k, interactive] of [
        [1, false],
        [2, true],
      ] as const) {
        const day = dayIn(month, firstDay);
        if (!day) continue;
        steps.push({
          actor: nurse(team[0]),
          at: `${day}T15:00`,
          command: {
            type: 'LogTime',
            data: {
              entryId: `${patientId}-${month}-rpm-${k}`,
              performerId: team[0],
              performerRole: 'clinical_staff',
              program: 'RPM',
              activity: 'rpm_data_review',
              serviceDate: day,
              startTime: '15:00',
              minutes: random.int(8, 14),
              interactiveCommunication: interactive,
            },
          },
        });
      }
    }
    if (random.chance(0.03)) {
      const day = dayIn(month, firstDay);
      if (day) {
        steps.push({
          actor: nurse(team[0]),
          at: `${day}T07:30`,
          command: {
            type: 'LogTime',
            data: {
              entryId: `${patientId}-${month}-sched`,
              performerId: random.pick(SCHEDULERS),
              performerRole: 'non_clinical_staff',
              program: 'CCM',
              activity: 'scheduling',
              serviceDate: day,
              startTime: '07:30',
              minutes: 5,
            },
          },
        });
      }
    }
    if (entries.length > 0 && random.chance(0.04)) {
      const corrected = random.pick(entries);
      steps.push({
        actor: nurse(team[0]),
        at: `${month}-31T23:59`,
        command: {
          type: 'CorrectTime',
          data: {
            entryId: corrected.id,
            minutes: corrected.minutes + random.int(1, 10),
            reason: 'Duration corrected from the call log',
          },
        },
      });
    } else if (entries.length > 0 && random.chance(0.01)) {
      steps.push({
        actor: nurse(team[0]),
        at: `${month}-31T23:59`,
        command: {
          type: 'VoidTime',
          data: { entryId: random.pick(entries).id, reason: 'Logged on the wrong patient' },
        },
      });
    }
    if (random.chance(0.08)) {
      const day = dayIn(month, firstDay);
      if (day)
        steps.push({
          actor: doctor,
          at: `${day}T18:00`,
          command: {
            type: 'ReviseCarePlan',
            data: {
              changes: { measurableGoals: ['HbA1c under 7.5%', 'Walk 20 minutes daily'] },
              changeSummary: 'Goals updated after review',
              substantial: random.chance(0.3),
              signedOffBy: practitioner,
              revisedOn: day,
            },
          },
        });
    }
    if (m > startMonth && random.chance(0.02)) {
      const day = dayIn(month, firstDay);
      if (day) {
        steps.push({
          actor: nurse(team[0]),
          at: `${day}T19:00`,
          command: {
            type: 'WithdrawConsent',
            data: { program: 'CCM', withdrawnAt: `${day}T19:00`, reason: 'Patient asked to stop' },
          },
        });
        break;
      }
    }
  }
  // Drawn from a generator of their own: every other step is the same with or without them.
  if (options.careOutcomes)
    steps.push(...planCareOutcomes(steps, lastDay, root.fork(index).fork(CARE_OUTCOMES_SALT)));
  return { patientId, steps: ordered(steps) };
}

function contact(
  by: Actor,
  at: string,
  channel: 'phone' | 'secure_message' | 'video',
  outcome: 'reached' | 'no_answer',
  summary: string,
  contactId: string,
): ClinicStep {
  return {
    actor: by,
    at,
    command: {
      type: 'RecordContact',
      data: { contactId, channel, direction: 'outbound', party: 'patient', occurredAt: at, outcome, summary },
    },
  };
}

/** Enrolment first, then by business time; corrections after what they correct. */
export function ordered(steps: ClinicStep[]): ClinicStep[] {
  const [enrol, ...rest] = steps;
  return [
    enrol,
    ...rest
      .map((s, i) => ({ s, i }))
      .sort((a, b) => a.s.at.localeCompare(b.s.at) || a.i - b.i)
      .map(({ s }) => s),
  ];
}

export function* planClinic(options: ClinicOptions): Generator<PatientPlan> {
  const root = new Random(options.seed);
  for (let i = 0; i < options.patients; i++) {
    const plan = planPatient(options, i, root);
    // Every patient, declined or not; the patient's index makes their MBI theirs alone.
    const demographics = options.interop
      ? planDemographics(plan, i, options.lastDay, root.fork(i).fork(DEMOGRAPHICS_SALT))
      : [];
    yield demographics.length === 0
      ? plan
      : { patientId: plan.patientId, steps: ordered([...plan.steps, ...demographics]) };
  }
}
