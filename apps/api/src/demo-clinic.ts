import { Logger, type INestApplication } from '@nestjs/common';
import type { EventStore } from '@ccm/event-store';
import { PatientRecords, PracticeRecords, systemClock } from '@ccm/record';
import type { AppConfig } from '@ccm/runtime';
import { defaultLastDay, seedClinic } from '@ccm/synthetic-clinic';
import { EVENT_STORE } from './infrastructure/tokens';

export const DEMO_PRACTICE_ID = 'demo';

/**
 * A new user's first start fills an empty embedded store with a synthetic clinic, so the api shows a
 * living practice rather than nothing. Never in production, never on a store that holds anything, and
 * off with CCM_DEMO=off.
 */
export async function seedDemoClinicIfEmpty(
  app: INestApplication,
  config: AppConfig,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  if (config.production || env.CCM_DEMO === 'off' || config.eventStore.kind === 'eventstoredb') return;
  const store = app.get<EventStore>(EVENT_STORE);
  const first = await store.readAll({ maxCount: 1 });
  if (first.events.length > 0) return;
  const logger = new Logger('demo');
  const patients = Number(env.CCM_DEMO_PATIENTS ?? 100);
  logger.log(
    `empty store: recording a synthetic clinic (${patients} patients, 6 months) as practice "${DEMO_PRACTICE_ID}"...`,
  );
  const report = await seedClinic(
    { practices: app.get(PracticeRecords), patients: app.get(PatientRecords), clock: systemClock, store },
    {
      practiceId: DEMO_PRACTICE_ID,
      patients,
      months: 6,
      seed: 1,
      lastDay: defaultLastDay(systemClock),
      // The care team, 24/7 access, medications, observations, stays and surveys too: a living practice.
      careOutcomes: true,
      // Demographics, the billing setup and a candidate panel: the claim file, the funnel and the
      // eligibility finder have something to show.
      interop: true,
    },
  );
  logger.log(
    `demo clinic ready: ${report.commands} commands in ${(report.elapsedMs / 1000).toFixed(1)} s. ` +
      `Try: TOKEN=$(npm run -s ccm -- token --role auditor --practice ${DEMO_PRACTICE_ID} --user you) && ` +
      `curl -H "Authorization: Bearer $TOKEN" localhost:${config.port}/patients/pt-00001`,
  );
}
