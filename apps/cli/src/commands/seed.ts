import { isId, isLocalDate } from '@ccm/domain';
import { PatientRecords, PracticeRecords, systemClock } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { defaultLastDay, PracticeAlreadyExistsError, seedClinic } from '@ccm/synthetic-clinic';
import { CliUsageError, defineCommand } from '../cli-command';
import { ProgressBar } from '../progress';

function positiveInt(value: string | true | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliUsageError(`--${name} must be a positive whole number`);
  return n;
}

export const seedCommand = defineCommand({
  path: ['seed'],
  usage:
    'seed --patients N --months M [--seed S] [--practice P] [--last-day YYYY-MM-DD] [--care-outcomes] [--interop]',
  summary: 'create a realistic synthetic practice through the real command path',
  options: [
    { flags: '--patients <N>', description: 'patients to enrol (default 100)' },
    { flags: '--months <M>', description: 'months of care to record (default 6)' },
    { flags: '--seed <S>', description: 'random seed: the same seed makes the same clinic (default 1)' },
    { flags: '--practice <P>', description: 'practice id (default demo)' },
    { flags: '--last-day <YYYY-MM-DD>', description: 'last day of care recorded (default: yesterday)' },
    {
      flags: '--care-outcomes',
      description: 'also record observations, ED visits, admissions and satisfaction surveys',
    },
    {
      flags: '--interop',
      description: 'also record demographics, the billing setup and a candidate panel with outreach',
    },
  ],
  async execute({ options }, io) {
    const patients = positiveInt(options.get('patients'), 'patients', 100);
    const months = positiveInt(options.get('months'), 'months', 6);
    const seed = positiveInt(options.get('seed'), 'seed', 1);
    const practiceId = options.get('practice') ?? 'demo';
    if (typeof practiceId !== 'string' || !isId(practiceId))
      throw new CliUsageError('--practice must be an id');
    const lastDayOption = options.get('last-day');
    if (lastDayOption !== undefined && (typeof lastDayOption !== 'string' || !isLocalDate(lastDayOption))) {
      throw new CliUsageError('--last-day must be a date YYYY-MM-DD');
    }
    const lastDay = typeof lastDayOption === 'string' ? lastDayOption : defaultLastDay(systemClock);
    const config = loadConfig(io.env);
    const store = await openEventStore(config.eventStore);
    try {
      const practices = new PracticeRecords(store, systemClock);
      const records = {
        practices,
        patients: new PatientRecords(store, practices, systemClock),
        clock: systemClock,
        store,
      };
      const bar = new ProgressBar(io.stderr, 'patients', patients);
      const careOutcomes = options.get('care-outcomes') === true;
      const interop = options.get('interop') === true;
      const report = await seedClinic(
        records,
        { practiceId, patients, months, seed, lastDay, careOutcomes, interop },
        (done) => bar.update(done),
      );
      bar.finish(report.patients);
      io.stdout.write(
        `${JSON.stringify({ practiceId, ...report, commandsPerSecond: Math.round(report.commands / (report.elapsedMs / 1000)) })}\n`,
      );
      return Object.keys(report.refused).length === 0 ? 0 : 1;
    } catch (error) {
      if (error instanceof PracticeAlreadyExistsError) {
        io.stderr.write(`${error.message}\n`);
        return 2;
      }
      throw error;
    } finally {
      await store.close();
    }
  },
});
