import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RULE_SETS, ruleSetForMonth } from '@ccm/billing';
import {
  billingSetupOn,
  evolvePractice,
  foldPatient,
  initialPracticeState,
  isId,
  isLocalDateTime,
  isLocalMonth,
  localDateTimeAt,
  practiceStreamId,
  type PatientEvent,
  type PracticeEvent,
} from '@ccm/domain';
import {
  buildClaimFile,
  CLAIM_FILE_FORMATS,
  claimDemographicsOf,
  formatClaimFile,
  MAX_GENERATION,
  type ClaimDemographics,
  type ClaimFileFormat,
} from '@ccm/interop';
import { lastDayOf, listedPatientMonthFromEvents } from '@ccm/patient-months';
import { exportRow, type DateOfService, type ExportRow } from '@ccm/projections';
import { readWholeStreamVerified, toPatientEvent, toPracticeEvent } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { CliUsageError, defineCommand, EXIT_USAGE, READER_OPTIONS, requireOption } from '../cli-command';
import { cliReader, logCliRead } from '../cli-reader';
import { enrolledPatientStreams } from './billing-export';

const COMMAND = 'billing claims';

function parsedOptions(options: ReadonlyMap<string, string | true>) {
  const month = requireOption(options, 'month');
  if (!isLocalMonth(month)) throw new CliUsageError('--month must be YYYY-MM');
  const practiceId = requireOption(options, 'practice');
  if (!isId(practiceId)) throw new CliUsageError('--practice must be an id');
  const format = options.get('format') ?? 'json';
  if (!(CLAIM_FILE_FORMATS as readonly unknown[]).includes(format)) {
    throw new CliUsageError('--format must be json, csv or 837p');
  }
  const generationText = options.get('generation') ?? '1';
  const generation = Number(generationText);
  if (typeof generationText !== 'string' || !/^\d{1,5}$/.test(generationText) || generation < 1) {
    throw new CliUsageError(`--generation must be an integer from 1 to ${MAX_GENERATION}`);
  }
  const dateOfService = options.get('date-of-service') ?? 'month-end';
  if (dateOfService !== 'month-end' && dateOfService !== 'threshold') {
    throw new CliUsageError('--date-of-service must be month-end or threshold');
  }
  const createdAt = options.get('created-at');
  if (createdAt !== undefined && (typeof createdAt !== 'string' || !isLocalDateTime(createdAt))) {
    throw new CliUsageError('--created-at must be a practice-local YYYY-MM-DDTHH:MM');
  }
  const out = options.get('out');
  if (out === true) throw new CliUsageError('--out needs a file name');
  return {
    month,
    practiceId,
    format: format as ClaimFileFormat,
    generation,
    dateOfService: dateOfService as DateOfService,
    createdAt,
    out,
  };
}

/**
 * The month's claim file decided straight from the events, in the bytes `GET /billing/months/{m}/claims`
 * serves: the same export rows, billing setups and demographics go through the same builder and printer.
 * Only the 837P carries a creation stamp: the practice's clock now, or `--created-at` to make a file
 * again byte for byte. Every patient the file carries is access-logged, as the api logs them.
 */
export const billingClaimsCommand = defineCommand({
  path: ['billing', 'claims'],
  usage:
    'billing claims --month YYYY-MM --practice P [--format json|csv|837p] [--generation N] [--out FILE] [--date-of-service month-end|threshold] [--created-at YYYY-MM-DDTHH:MM] [--as USER] [--role R] [--purpose P]',
  summary: 'the claim file of a month: JSON with the months not ready, CSV of service lines, or an 837P',
  options: [
    { flags: '--month <YYYY-MM>', description: 'the service month (refused without a billing rule set)' },
    { flags: '--practice <P>', description: 'the practice id' },
    { flags: '--format <json|csv|837p>', description: 'output format (default json)' },
    {
      flags: '--generation <N>',
      description: 'the file’s generation, 1 to 99999 (default 1): its control numbers',
    },
    { flags: '--out <FILE>', description: 'write the file there instead of standard output' },
    { flags: '--date-of-service <month-end|threshold>', description: 'CLAIM-1 (default month-end)' },
    { flags: '--created-at <YYYY-MM-DDTHH:MM>', description: 'the 837P’s creation stamp (default: now)' },
    ...READER_OPTIONS,
  ],
  async execute({ options }, io) {
    const given = parsedOptions(options);
    const { month, practiceId } = given;
    if (!ruleSetForMonth(month)) {
      io.stderr.write(
        `${COMMAND}: no billing rule set for ${month} (known: ${RULE_SETS.map((s) => s.id).join(', ')})\n`,
      );
      return EXIT_USAGE;
    }
    const reader = cliReader(options, io, practiceId, { role: 'biller', purpose: 'payment' });
    const store = await openEventStore(loadConfig(io.env).eventStore);
    try {
      const practiceEvents = await readWholeStreamVerified(store, practiceStreamId(practiceId));
      const practice = practiceEvents
        .flatMap((e) => toPracticeEvent(e) ?? [])
        .reduce((state, event: PracticeEvent) => evolvePractice(state, event), initialPracticeState);
      if (practice.status !== 'registered') {
        io.stderr.write('no such practice\n');
        return EXIT_USAGE;
      }
      const setups = practice.billingSetups ?? [];
      if (!billingSetupOn(setups, lastDayOf(month))) {
        io.stderr.write(
          `${COMMAND}: no billing setup in force for ${month} (POST /practices/{id}/billing-setup)\n`,
        );
        return EXIT_USAGE;
      }
      await logCliRead(store, reader, COMMAND);
      const rows: ExportRow[] = [];
      const demographics = new Map<string, ClaimDemographics>();
      for (const streamId of await enrolledPatientStreams(store, practiceId)) {
        const events = await readWholeStreamVerified(store, streamId);
        const document = listedPatientMonthFromEvents(practiceEvents, events, month);
        if (!document) continue;
        const row = exportRow(document, given.dateOfService);
        rows.push(row);
        if (row.status !== 'billable') continue;
        const state = foldPatient(
          events.flatMap((e): PatientEvent[] => {
            const event = toPatientEvent(e);
            return event ? [event] : [];
          }),
        );
        const found = claimDemographicsOf(state);
        if (found) demographics.set(row.patientId, found);
      }
      const file = buildClaimFile({
        practiceId,
        serviceMonth: month,
        generation: given.generation,
        lines: rows,
        setups,
        demographics,
      });
      if (given.format === '837p' && file.claims.length === 0) {
        io.stderr.write(
          `${COMMAND}: no billable month is ready to claim (${file.notReady.length} not ready)\n`,
        );
        return EXIT_USAGE;
      }
      for (const carried of [...file.claims, ...file.notReady]) {
        await logCliRead(store, reader, COMMAND, carried.patientId);
      }
      const now = given.createdAt ?? localDateTimeAt(new Date(), practice.timeZone);
      const text = formatClaimFile(file, given.format, { date: now.slice(0, 10), time: now.slice(11, 16) });
      if (given.out === undefined) io.stdout.write(text);
      else writeFileSync(resolve(given.out), text, 'utf8');
      if (file.notReady.length > 0)
        io.stderr.write(`${COMMAND}: ${file.notReady.length} billable month(s) not ready\n`);
      return 0;
    } finally {
      await store.close();
    }
  },
});
