import type { Actor, PanelItem } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import {
  CandidateRecords,
  PanelImportRefusedError,
  type Clock,
  type CommandOutcome,
  type PatientRecords,
  type RequestContext,
} from '@ccm/record';
import { randomUUID } from 'node:crypto';
import type { PlannedCandidate } from './candidate-plan';

const context = (actor: Actor): RequestContext => {
  const id = randomUUID();
  return { actor, correlationId: id, causationId: id };
};

/**
 * Records the planned panel through the real command path: one CSV-like panel import on the first Monday
 * of each month with the candidates identified that day (importPanel, as `POST /candidates/panel.csv`),
 * then each candidate's outreach attempts and, for those enrolled, the link to their patient (as the
 * outreach and enrolment routes do). Runs after the patients are seeded, as a link needs its patient.
 */
export async function seedCandidates(
  input: {
    readonly store: EventStore;
    readonly patients: PatientRecords;
    readonly clock: Clock;
    readonly practiceId: string;
  },
  candidates: readonly PlannedCandidate[],
  run: (execute: () => Promise<CommandOutcome | undefined>) => Promise<void>,
  refusedImport: (codes: readonly string[]) => void,
): Promise<void> {
  // Recorded now, as every seeded command is; the panel's business dates say when things happened.
  const records = new CandidateRecords(input.store, input.patients, input.clock);
  const admin: Actor = { userId: 'admin-demo', role: 'admin', practiceId: input.practiceId };
  const importDays = [...new Set(candidates.map((c) => c.identifiedOn))].sort();
  for (const day of importDays) {
    const items: PanelItem[] = candidates
      .filter((c) => c.identifiedOn === day)
      .map((c, row) => ({
        ref: `rows[${row + 2}]`,
        proposedCandidateId: c.candidateId,
        explicitId: true,
        profile: c.profile,
      }));
    await run(async () => {
      try {
        await records.importPanel(items, context(admin), day);
      } catch (error) {
        if (!(error instanceof PanelImportRefusedError)) throw error;
        refusedImport(error.refusals.map((r) => r.code));
      }
      return undefined;
    });
  }
  for (const candidate of candidates) {
    for (const { by, ...attempt } of candidate.attempts) {
      const nurse: Actor = { userId: by, role: 'care_manager', practiceId: input.practiceId };
      await run(() =>
        records.execute(candidate.candidateId, { type: 'RecordOutreach', data: attempt }, context(nurse)),
      );
    }
    const enrolment = candidate.enrolment;
    if (!enrolment) continue;
    // `patientEnrolled` is the records' to say: they look the patient up, as for the api's route.
    await run(() =>
      records.execute(
        candidate.candidateId,
        { type: 'LinkEnrolment', data: { ...enrolment, patientEnrolled: false } },
        context(admin),
      ),
    );
  }
}
