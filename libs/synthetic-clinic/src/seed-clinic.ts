import { localDateTimeAt, type Actor } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import {
  CommandRefusedError,
  type Clock,
  type CommandOutcome,
  type PatientRecords,
  type PracticeRecords,
} from '@ccm/record';
import { randomUUID } from 'node:crypto';
import { planAfterHoursAccess } from './after-hours-plan';
import { planBillingSetup } from './billing-setup-plan';
import { planCandidates } from './candidate-plan';
import { planClinic, practiceCommand, type ClinicOptions, type PatientPlan } from './generate-clinic';
import { seedCandidates } from './seed-candidates';

export interface SeedReport {
  readonly patients: number;
  readonly commands: number;
  readonly alreadyApplied: number;
  /** Refusals by reason code: a realistic clinic plan should have none. */
  readonly refused: Readonly<Record<string, number>>;
  readonly elapsedMs: number;
}

export class PracticeAlreadyExistsError extends Error {
  override readonly name = 'PracticeAlreadyExistsError';
}

/** The day before today in the demo practice's zone: the last day on which everything has happened. */
export function defaultLastDay(clock: Clock): string {
  const yesterday = new Date(clock.now().getTime() - 24 * 3600_000);
  return localDateTimeAt(yesterday, 'America/Chicago').slice(0, 10);
}

/**
 * Drives the real command path (load, decide, append with the revision read) with a planned clinic,
 * patient by patient, as the care team would have recorded it.
 */
export async function seedClinic(
  records: {
    practices: PracticeRecords;
    patients: PatientRecords;
    clock: Clock;
    /** The store the records write to: `interop` records the candidate panel on it. */
    store?: EventStore;
  },
  options: ClinicOptions,
  onProgress?: (patientsDone: number, commands: number) => void,
): Promise<SeedReport> {
  const started = Date.now();
  if (options.interop && !records.store) {
    throw new Error('seeding with interop needs the event store, to record the candidate panel on');
  }
  const existing = await records.practices.load(options.practiceId);
  if (existing.state.status === 'registered') {
    throw new PracticeAlreadyExistsError(
      `practice ${options.practiceId} already exists; seed another --practice`,
    );
  }
  const admin: Actor = { userId: 'admin-demo', role: 'admin', practiceId: options.practiceId };
  await records.practices.execute(practiceCommand(options.practiceId), context(admin));
  let commands = 1;
  let alreadyApplied = 0;
  const refused: Record<string, number> = {};
  const run = async (execute: () => Promise<CommandOutcome | undefined>) => {
    try {
      if ((await execute())?.alreadyApplied) alreadyApplied++;
    } catch (error) {
      if (!(error instanceof CommandRefusedError)) throw error;
      refused[error.refusal.code] = (refused[error.refusal.code] ?? 0) + 1;
    }
    commands++;
  };
  // The practice's 24/7 access, arranged before the first month the patients' records reach.
  for (const command of options.careOutcomes ? planAfterHoursAccess(options) : []) {
    await run(() => records.practices.execute(command, context(admin)));
  }
  // What a claim needs from the practice, in force before the first month the records reach.
  if (options.interop) await run(() => records.practices.execute(planBillingSetup(options), context(admin)));
  let patients = 0;
  const plans: PatientPlan[] = [];
  for (const plan of planClinic(options)) {
    for (const step of plan.steps) {
      await run(() => records.patients.execute(plan.patientId, step.command, context(step.actor)));
    }
    if (options.interop) plans.push(plan);
    patients++;
    onProgress?.(patients, commands);
  }
  if (options.interop && records.store) {
    const practice = (await records.practices.load(options.practiceId)).state;
    if (practice.status !== 'registered') throw new Error('the practice was registered above');
    await seedCandidates(
      { ...records, store: records.store, practiceId: options.practiceId },
      planCandidates(options, plans),
      run,
      (codes) => {
        for (const code of codes) refused[code] = (refused[code] ?? 0) + 1;
      },
    );
  }
  return { patients, commands, alreadyApplied, refused, elapsedMs: Date.now() - started };
}

function context(actor: Actor) {
  const id = randomUUID();
  return { actor, correlationId: id, causationId: id };
}
