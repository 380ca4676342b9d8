import { RULE_SETS, ruleSetForMonth } from '@ccm/billing';
import { isId, isLocalMonth, patientStreamPrefix, practiceStreamId } from '@ccm/domain';
import type { EventStore, GlobalPosition } from '@ccm/event-store';
import { exportRow, formatExport, type DateOfService, type ExportRow } from '@ccm/projections';
import { listedPatientMonthFromEvents } from '@ccm/patient-months';
import { readWholeStreamVerified } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { CliUsageError, defineCommand, EXIT_USAGE, READER_OPTIONS, requireOption } from '../cli-command';
import { cliReader, logCliRead } from '../cli-reader';
import { ProgressBar } from '../progress';

/** The streams of the practice's enrolled patients, from their enrolment events, in id order. */
export async function enrolledPatientStreams(store: EventStore, practiceId: string): Promise<string[]> {
  const streams: string[] = [];
  let after: GlobalPosition | undefined;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: 4096,
      filter: { streamPrefixes: [patientStreamPrefix(practiceId)], eventTypes: ['PatientEnrolled'] },
    });
    streams.push(...page.events.map((e) => e.streamId));
    after = page.lastPosition;
    if (page.isEnd) return streams.sort();
  }
}

/**
 * Every patient-month of a practice, billable or not, decided straight from the events (never from a read
 * model that may lag), in a fixed order: the same store always exports the same bytes. The patient-months
 * are those `GET /billing/months/{m}` lists (a patient enrolled after the month is in neither). A month
 * without a billing rule set is refused, as `billing evaluate` refuses it: never a guess.
 */
export const billingExportCommand = defineCommand({
  path: ['billing', 'export'],
  usage:
    'billing export --month YYYY-MM --practice P [--format csv|json] [--date-of-service month-end|threshold] [--as USER] [--role R] [--purpose P]',
  summary: 'export the month for claims: codes, NPI, diagnoses, date of service, estimated allowed amount',
  options: [
    { flags: '--month <YYYY-MM>', description: 'the service month (refused without a billing rule set)' },
    { flags: '--practice <P>', description: 'the practice id' },
    { flags: '--format <csv|json>', description: 'output format (default csv)' },
    {
      flags: '--date-of-service <month-end|threshold>',
      description: 'date each claim line is dated (default month-end)',
    },
    ...READER_OPTIONS,
  ],
  async execute({ options }, io) {
    const month = requireOption(options, 'month');
    if (!isLocalMonth(month)) throw new CliUsageError('--month must be YYYY-MM');
    const practiceId = requireOption(options, 'practice');
    if (!isId(practiceId)) throw new CliUsageError('--practice must be an id');
    const format = options.get('format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new CliUsageError('--format must be csv or json');
    const dateOfService = (options.get('date-of-service') ?? 'month-end') as DateOfService;
    if (dateOfService !== 'month-end' && dateOfService !== 'threshold') {
      throw new CliUsageError('--date-of-service must be month-end or threshold');
    }
    if (!ruleSetForMonth(month)) {
      io.stderr.write(
        `billing export: no billing rule set for ${month} (known: ${RULE_SETS.map((s) => s.id).join(', ')})\n`,
      );
      return EXIT_USAGE;
    }
    // Every patient's record of the practice is read: logged as a practice-wide read, like the api's lists.
    const reader = cliReader(options, io, practiceId, { role: 'biller', purpose: 'payment' });
    const store = await openEventStore(loadConfig(io.env).eventStore);
    try {
      const practiceEvents = await readWholeStreamVerified(store, practiceStreamId(practiceId));
      if (practiceEvents.length === 0) {
        io.stderr.write('no such practice\n');
        return EXIT_USAGE;
      }
      await logCliRead(store, reader, 'billing export');
      const streams = await enrolledPatientStreams(store, practiceId);
      const bar = new ProgressBar(io.stderr, 'patients', streams.length);
      const rows: ExportRow[] = [];
      for (const [index, streamId] of streams.entries()) {
        const document = listedPatientMonthFromEvents(
          practiceEvents,
          await readWholeStreamVerified(store, streamId),
          month,
        );
        if (document) rows.push(exportRow(document, dateOfService));
        bar.update(index + 1);
      }
      bar.finish(streams.length);
      io.stdout.write(formatExport(rows, format));
      return 0;
    } finally {
      await store.close();
    }
  },
});
