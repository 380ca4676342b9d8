import {
  buildEvidencePacket,
  checkAnchor,
  EvidenceNotFound,
  monthHistory,
  renderEvidenceHtml,
  replayPatientAsOf,
  latestAnchor,
  recordAnchor,
  verifyAllStreams,
  verifyStream,
  type Anchor,
  type ChainBreak,
} from '@ccm/audit';
import { isId, isLocalMonth, patientStreamId } from '@ccm/domain';
import type { EventStore } from '@ccm/event-store';
import { systemClock } from '@ccm/record';
import { loadConfig, openEventStore } from '@ccm/runtime';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  CliUsageError,
  defineCommand,
  READER_OPTIONS,
  requireOption,
  type CliIo,
  type CliOption,
} from '../cli-command';
import { EXIT_TAMPERED } from '../cli-errors';
import { cliReader, logCliRead } from '../cli-reader';

export { EXIT_TAMPERED };
import { ProgressBar } from '../progress';

/** Exit code when the record fails verification. */

async function withStore<T>(io: CliIo, work: (store: EventStore) => Promise<T>): Promise<T> {
  const store = await openEventStore(loadConfig(io.env).eventStore);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** `--patient ID --practice P`, both ids: whose record an audit command reads. */
function patientRecordOptions(options: ReadonlyMap<string, string | true>): {
  patient: string;
  practice: string;
} {
  const patient = options.get('patient');
  const practice = options.get('practice');
  if (typeof patient !== 'string' || !isId(patient) || typeof practice !== 'string' || !isId(practice)) {
    throw new CliUsageError('--patient and --practice need ids');
  }
  return { patient, practice };
}

/** The reader of an audit command (an auditor auditing, unless `--role`/`--purpose` say otherwise). */
const auditReader = (options: ReadonlyMap<string, string | true>, io: CliIo, practice: string) =>
  cliReader(options, io, practice, { role: 'auditor', purpose: 'audit' });

/** `--patient ID --practice P`, and who reads. */
const RECORD_OPTIONS: readonly CliOption[] = [
  { flags: '--patient <ID>', description: 'the patient id' },
  { flags: '--practice <P>', description: 'the practice id' },
  ...READER_OPTIONS,
];

const describeBreak = (b: ChainBreak): string =>
  `${b.kind.replace(/_/g, ' ')} in stream ${b.streamId} at revision ${b.revision}`;

export const auditVerifyCommand = defineCommand({
  path: ['audit', 'verify'],
  usage: 'audit verify [--patient ID --practice P [--as USER] [--role R] [--purpose P]]',
  summary: 'recompute every hash chain and report the first broken link',
  options: RECORD_OPTIONS,
  details: `Without --patient, every stream of the store. Exit 0 when every chain verifies, ${EXIT_TAMPERED} at a break.`,
  async execute({ options }, io) {
    return withStore(io, async (store) => {
      if (options.has('patient')) {
        const record = patientRecordOptions(options);
        const reader = auditReader(options, io, record.practice);
        await logCliRead(store, reader, 'audit verify --patient', record.patient);
        const result = await verifyStream(store, patientStreamId(record.practice, record.patient));
        if (result.eventsChecked === 0) {
          io.stderr.write('no such patient record\n');
          return 2;
        }
        io.stdout.write(`${JSON.stringify(result)}\n`);
        if (result.firstBreak) io.stderr.write(`BROKEN: ${describeBreak(result.firstBreak)}\n`);
        return result.ok ? 0 : EXIT_TAMPERED;
      }
      const bar = new ProgressBar(io.stderr, 'verifying events');
      const {
        heads: _heads,
        lastPosition: _last,
        ...result
      } = await verifyAllStreams(store, { onProgress: (p) => bar.update(p.eventsChecked) });
      bar.finish(result.eventsChecked);
      io.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.firstBreak) io.stderr.write(`BROKEN: ${describeBreak(result.firstBreak)}\n`);
      return result.ok ? 0 : EXIT_TAMPERED;
    });
  },
});

export const auditAnchorCommand = defineCommand({
  path: ['audit', 'anchor'],
  usage: 'audit anchor [export | check FILE]',
  summary: 'record a signed anchor of all stream heads; export the latest; check one',
  arguments: [
    { name: '[action]', description: 'record (the default), export, or check' },
    { name: '[file]', description: 'for check: an anchor exported earlier' },
  ],
  details: 'record and check need CCM_ANCHOR_KEY (and CCM_ANCHOR_KEY_ID when not "default").',
  async execute({ positional }, io) {
    const key = loadConfig(io.env).anchorKey;
    const action = positional[0] ?? 'record';
    return withStore(io, async (store) => {
      switch (action) {
        case 'record': {
          if (!key)
            throw new CliUsageError(
              'CCM_ANCHOR_KEY (and optionally CCM_ANCHOR_KEY_ID) must be set to sign anchors',
            );
          const bar = new ProgressBar(io.stderr, 'verifying before anchoring');
          const result = await recordAnchor(store, key, systemClock, (p) => bar.update(p.eventsChecked));
          bar.finish(result.anchor?.eventCount ?? 0);
          if (!result.anchor) {
            io.stderr.write(`BROKEN: not anchoring a store whose chain is broken (${result.brokenAt})\n`);
            return EXIT_TAMPERED;
          }
          io.stdout.write(`${JSON.stringify(result.anchor)}\n`);
          return 0;
        }
        case 'export': {
          const anchor = await latestAnchor(store);
          if (!anchor) {
            io.stderr.write('no anchor recorded yet\n');
            return 2;
          }
          io.stdout.write(`${JSON.stringify(anchor, null, 2)}\n`);
          return 0;
        }
        case 'check': {
          if (!key) throw new CliUsageError('CCM_ANCHOR_KEY must be set to check an anchor signature');
          const file = positional[1];
          if (!file) throw new CliUsageError('audit anchor check needs the exported anchor file');
          let anchor: Anchor;
          try {
            anchor = JSON.parse(readFileSync(file, 'utf8')) as Anchor;
          } catch {
            throw new CliUsageError('the anchor file cannot be read as JSON');
          }
          const result = await checkAnchor(store, anchor, [key]);
          io.stdout.write(`${JSON.stringify(result)}\n`);
          return result.ok ? 0 : EXIT_TAMPERED;
        }
        default:
          throw new CliUsageError(`unknown action ${action}`);
      }
    });
  },
});

export const auditReplayCommand = defineCommand({
  path: ['audit', 'replay'],
  usage:
    'audit replay --patient ID --practice P --as-of INSTANT [--month YYYY-MM] [--as USER] [--role R] [--purpose P]',
  summary: 'the record (and a month: as of, as billed, as now) as it stood at an instant, from the store',
  options: [
    ...RECORD_OPTIONS.slice(0, 2),
    { flags: '--as-of <INSTANT>', description: 'an ISO 8601 instant' },
    { flags: '--month <YYYY-MM>', description: 'also the month as of the instant, as billed and as now' },
    ...READER_OPTIONS,
  ],
  async execute({ options }, io) {
    const { patient, practice } = patientRecordOptions(options);
    const asOf = options.get('as-of');
    const month = options.get('month');
    const instant = typeof asOf === 'string' ? new Date(asOf) : new Date(NaN);
    if (Number.isNaN(instant.getTime())) throw new CliUsageError('--as-of must be an ISO 8601 instant');
    if (month !== undefined && (typeof month !== 'string' || !isLocalMonth(month))) {
      throw new CliUsageError('--month must be YYYY-MM');
    }
    const reader = auditReader(options, io, practice);
    return withStore(io, async (store) => {
      await logCliRead(store, reader, 'audit replay', patient);
      const replay = await replayPatientAsOf(store, practice, patient, instant);
      if (replay.state.status !== 'enrolled') {
        io.stderr.write('no such patient record at that instant\n');
        return 2;
      }
      const { idempotencyKeys: _keys, ...record } = replay.state;
      const result = {
        asOf: instant.toISOString(),
        revision: replay.revision,
        record,
        ...(typeof month === 'string'
          ? { month: await monthHistory(store, practice, patient, month, instant) }
          : {}),
      };
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    });
  },
});

export const auditEvidenceCommand = defineCommand({
  path: ['audit', 'evidence'],
  usage:
    'audit evidence --patient ID --practice P --month YYYY-MM [--out DIR] [--as USER] [--role R] [--purpose P]',
  summary: 'write the claim evidence packet of a patient-month: a printable HTML document and its JSON',
  options: [
    ...RECORD_OPTIONS.slice(0, 2),
    { flags: '--month <YYYY-MM>', description: 'the service month' },
    { flags: '--out <DIR>', description: 'where the two files are written (default: here)' },
    ...READER_OPTIONS,
  ],
  async execute({ options }, io) {
    const { patient, practice } = patientRecordOptions(options);
    const month = requireOption(options, 'month');
    if (!isLocalMonth(month)) throw new CliUsageError('--month must be YYYY-MM');
    const out = resolve(String(options.get('out') ?? '.'));
    const reader = auditReader(options, io, practice);
    return withStore(io, async (store) => {
      await logCliRead(store, reader, 'audit evidence', patient);
      let packet;
      try {
        packet = await buildEvidencePacket(store, {
          actor: reader.actor,
          patientId: patient,
          month,
          purpose: reader.purpose,
          now: systemClock.now(),
        });
      } catch (error) {
        if (!(error instanceof EvidenceNotFound)) throw error;
        io.stderr.write('no such patient month in that practice\n');
        return 2;
      }
      mkdirSync(out, { recursive: true });
      const base = join(out, `evidence-${practice}-${patient}-${month}`);
      writeFileSync(`${base}.json`, `${JSON.stringify(packet, null, 2)}\n`);
      writeFileSync(`${base}.html`, renderEvidenceHtml(packet));
      io.stdout.write(`${base}.html\n${base}.json\n`);
      if (!packet.integrity.patientStream.ok || !packet.integrity.practiceStream.ok) {
        io.stderr.write('BROKEN: the hash chain of this record does not verify; see the packet\n');
        return EXIT_TAMPERED;
      }
      return 0;
    });
  },
});
