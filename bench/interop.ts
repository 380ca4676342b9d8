/**
 * The panel import, the eligibility list and the FHIR export through the api (issue 19):
 *
 * - import: a generated FHIR transaction Bundle of N patients (Patient, 2-4 Conditions, Coverage and
 *   Encounter each, valid MBIs) posted to POST /fhir of an in-process api on a fresh SQLite data directory,
 *   against JSON.parse of the same bytes alone and against appending the same events to a store directly.
 *   Where the time goes: the pure functions the route calls (fhirErrorsOf, panelFromBundle,
 *   decidePanelImport, envelope, store appends, the answer) timed one by one on the same Bundle.
 *   A Bundle larger than the configured limit (http.panelImportLimitBytes) is posted in as few Bundles as
 *   fit, and the script says so.
 * - growth: the import of --growth patients (1,000) into a practice holding none, then holding 9×
 *   as many (the import reads every candidate of the practice first).
 * - eligibility: every page of GET /candidates/eligibility over the imported candidates, against reading
 *   the same candidates' events from the store (their JSON parsed) alone.
 * - export: Patient/$everything of --export patients (1,000) of a synthetic clinic seeded through the
 *   command path, one request each, against reading each patient's stream and JSON.stringify of it.
 *
 * The api runs as the e2e tests run it (apps/api/src/testing/api-harness.ts): SQLite at synchronous=FULL,
 * the embedded projector on the event loop (`--projector=off`: without it); each timed step starts once
 * the projector has caught up.
 *
 *   npx ts-node --transpile-only -r ./scripts/register-aliases.js bench/interop.ts [--patients=10000] [--export=1000] [--growth=1000] [--projector=off] [--quick]
 */
import {
  candidateStreamId,
  candidateStreamPrefix,
  decidePanelImport,
  localDateTimeAt,
  patientStreamId,
  patientStreamPrefix,
  type Actor,
  type PanelItem,
} from '@ccm/domain';
import {
  MAX_PAGE_SIZE,
  SqliteEventStore,
  streamInventory,
  type EventStore,
  type NewEvent,
} from '@ccm/event-store';
import {
  everythingBundle,
  fhirErrorsOf,
  panelFromBundle,
  readAccessEvents,
  readPatientRecordExport,
  transactionResponseOf,
  type BundlePanel,
} from '@ccm/interop';
import {
  CandidateRecords,
  envelope,
  GENESIS_HASH,
  PatientRecords,
  PracticeRecords,
  readWholeStream,
} from '@ccm/record';
import { loadHttpConfig } from '@ccm/runtime';
import { seedClinic } from '@ccm/synthetic-clinic';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { bundleOf, DR_ADAMS_NPI, personEntries } from '../apps/api/src/candidates/testing/panel-fixtures';
import {
  OTHER_PRACTICE_ID,
  PRACTICE_ID,
  startApi,
  type ApiHarness,
} from '../apps/api/src/testing/api-harness';
import { ReadSide } from '../apps/api/src/read-models/read-side';
import { practiceBody, registerPractices } from '../apps/api/src/testing/fixtures';
import { MAX_JSON_DEPTH, textNestsDeeperThan } from '../apps/api/src/http/json-depth';
import {
  argValue,
  collectGarbage,
  fmt,
  fmtInt,
  hasFlag,
  now,
  numberArg,
  peakRssMb,
  tempDir,
} from './lib/measure';
import { log, printRows, row, type BenchRow } from './lib/report';

const BENCH = 'interop';
const NOW = '2026-03-31T17:00:00Z';
const AS_OF = '2026-03-31';
const MIB = 1024 * 1024;
const GROWTH_PRACTICE = 'bench-growth';

// ---------------------------------------------------------------------------------------------------
// The panel: invented people with valid MBIs (libs/domain/src/demographics/mbi.ts) and CCW conditions.

const DIGITS = '0123456789';
const LETTERS = 'ACDEFGHJKMNPQRTUVWXY';
/** The MBI's 11 positions: C A AN N A AN N A A N N (C: 1-9). */
const MBI_POSITIONS = [
  '123456789',
  LETTERS,
  LETTERS + DIGITS,
  DIGITS,
  LETTERS,
  LETTERS + DIGITS,
  DIGITS,
  LETTERS,
  LETTERS,
  DIGITS,
  DIGITS,
];

/** A distinct valid MBI for each index (mixed radix, the index spread by an odd multiplier). */
export function mbiOf(index: number): string {
  let rest = (index * 7919 + 104_729) % 1_000_000_007;
  let mbi = '';
  for (let p = MBI_POSITIONS.length - 1; p >= 0; p--) {
    const alphabet = MBI_POSITIONS[p];
    mbi = alphabet[rest % alphabet.length] + mbi;
    rest = Math.floor(rest / alphabet.length);
  }
  return mbi;
}

const CHRONIC_CODES = [
  'E11.9',
  'I10',
  'J44.9',
  'I50.9',
  'N18.3',
  'F32.9',
  'E78.5',
  'I48.91',
  'E03.9',
  'J45.909',
];
const FAMILIES = ['Quillfeather', 'Brackenridge', 'Thistlewaite', 'Ashcombe', 'Pennywhistle', 'Marchbanks'];
const GIVEN = ['Marguerite', 'Osgood', 'Perpetua', 'Ambrose', 'Clementine', 'Lysander', 'Winifred'];

/** Patients `first` .. `first + count - 1`: Patient, 2-4 Conditions, Coverage (Part B), Encounter. */
function panelEntries(first: number, count: number): object[] {
  const entries: object[] = [];
  for (let i = first; i < first + count; i++) {
    const conditions = 2 + (i % 3);
    entries.push(
      ...personEntries({
        id: `ehr-${i}`,
        family: FAMILIES[i % FAMILIES.length],
        given: GIVEN[(i * 7) % GIVEN.length],
        birthDate: `19${40 + (i % 20)}-0${1 + (i % 9)}-1${i % 10}`,
        mbi: mbiOf(i),
        icd10: Array.from(
          { length: conditions },
          (_, k) => CHRONIC_CODES[(i + k * 3) % CHRONIC_CODES.length],
        ),
        coverage: i % 10 === 9 ? 'advantage' : 'part_b',
        visit: { date: `2026-0${1 + (i % 3)}-1${i % 10}`, npi: DR_ADAMS_NPI },
      }),
    );
  }
  return entries;
}

const bundleText = (first: number, count: number): string =>
  JSON.stringify(bundleOf(panelEntries(first, count), 'transaction'));

/** The panel as one Bundle if it fits the limit, else as few Bundles (of equal patient counts) as fit. */
function bundlesFor(first: number, count: number, limitBytes: number): string[] {
  const whole = bundleText(first, count);
  if (Buffer.byteLength(whole) <= limitBytes) return [whole];
  for (let parts = Math.ceil(Buffer.byteLength(whole) / limitBytes); ; parts++) {
    const size = Math.ceil(count / parts);
    const bodies: string[] = [];
    for (let start = 0; start < count; start += size)
      bodies.push(bundleText(first + start, Math.min(size, count - start)));
    if (bodies.every((b) => Buffer.byteLength(b) <= limitBytes)) return bodies;
  }
}

// ---------------------------------------------------------------------------------------------------
// The api, over loopback.

interface Rig {
  readonly api: ApiHarness;
  readonly origin: string;
  readonly limitBytes: number;
}

async function startRig(): Promise<Rig> {
  // The api's own default panel limit; no rate limit (the export sends a request per patient).
  const http = loadHttpConfig({ CCM_RATE_LIMIT: '0' });
  const api = await startApi({ now: NOW, config: { http } });
  await api.app.listen(0, '127.0.0.1');
  const { port } = api.app.getHttpServer().address() as AddressInfo;
  return {
    api,
    origin: `http://127.0.0.1:${port}`,
    limitBytes: http.panelImportLimitBytes ?? Number.NaN,
  };
}

const headers = (rig: Rig, practiceId: string) => ({
  Authorization: `Bearer ${rig.api.token('admin', practiceId)}`,
  'X-Purpose-Of-Use': 'operations',
});

async function postBundle(rig: Rig, practiceId: string, body: string): Promise<number> {
  const response = await fetch(`${rig.origin}/fhir`, {
    method: 'POST',
    headers: { ...headers(rig, practiceId), 'Content-Type': 'application/fhir+json' },
    body,
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`POST /fhir answered ${response.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { entry: unknown[] }).entry.length;
}

/** Posts the bodies one after another; ms from the first request to the last answer. */
/** Lets the embedded projector finish what earlier work left it, so a timed step starts from quiet. */
const caughtUp = async (rig: Rig): Promise<void> => {
  await rig.api.app.get(ReadSide).projector?.waitUntilCaughtUp(300_000);
};

/** CPU time (user + system) of this process while `run` ran, in ms: less moved by other work than wall time. */
async function cpuOf<T>(run: () => Promise<T>): Promise<{ value: T; cpuMs: number }> {
  const before = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(before);
  return { value, cpuMs: (used.user + used.system) / 1000 };
}

/** CPU ms of the last importBodies call. */
let lastImportCpuMs = Number.NaN;

async function importBodies(rig: Rig, practiceId: string, bodies: readonly string[]): Promise<number> {
  await caughtUp(rig);
  collectGarbage();
  const started = now();
  const { cpuMs } = await cpuOf(async () => {
    for (const body of bodies) await postBundle(rig, practiceId, body);
  });
  lastImportCpuMs = cpuMs;
  return now() - started;
}

async function getText(rig: Rig, path: string, practiceId = PRACTICE_ID): Promise<string> {
  const response = await fetch(`${rig.origin}${path}`, { headers: headers(rig, practiceId) });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return text;
}

// ---------------------------------------------------------------------------------------------------
// Where an import's time goes: the route's pure functions, one by one, on the same Bundle.

interface Phases {
  depth: number;
  parse: number;
  validate: number;
  panel: number;
  decide: number;
  envelope: number;
  append: number;
  answer: number;
  events: number;
}

const context = (practiceId: string) => {
  const actor: Actor = { userId: 'admin-user', role: 'admin', practiceId };
  return { actor, correlationId: 'bench', causationId: 'bench' };
};

async function phasesOf(bodies: readonly string[], practiceId: string, timeZone: string): Promise<Phases> {
  const dir = tempDir('interop-phases');
  const store = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite') });
  const at = new Date(NOW);
  const nowLocal = localDateTimeAt(at, timeZone);
  const phases: Phases = {
    depth: 0,
    parse: 0,
    validate: 0,
    panel: 0,
    decide: 0,
    envelope: 0,
    append: 0,
    answer: 0,
    events: 0,
  };
  try {
    for (const body of bodies) {
      collectGarbage();
      const bytes = Buffer.from(body);
      let started = now();
      textNestsDeeperThan(bytes, MAX_JSON_DEPTH);
      phases.depth += now() - started;
      started = now();
      const parsed = JSON.parse(body) as { entry: { resource: unknown }[] };
      phases.parse += now() - started;
      started = now();
      const panel = panelFromBundle(parsed);
      phases.panel += now() - started;
      // The validation panelFromBundle does, again on its own (so warm, as in the call above).
      started = now();
      for (const entry of parsed.entry) fhirErrorsOf(entry.resource);
      phases.validate += now() - started;
      if ('problems' in panel)
        throw new Error(`the Bundle was refused: ${JSON.stringify(panel.problems[0])}`);
      started = now();
      const decision = decidePanelImport(panel.items, new Map(), practiceId, {
        nowLocal,
        actorId: 'admin-user',
      });
      phases.decide += now() - started;
      if (decision.outcome === 'refused') throw new Error(`refused: ${decision.refusals[0].code}`);
      started = now();
      const streams = decision.items.map((item) => {
        const streamId = candidateStreamId(practiceId, item.candidateId);
        return {
          streamId,
          events: envelope({
            streamId,
            streamRevision: -1,
            previousHash: GENESIS_HASH,
            events: item.events.map((e) => ({ type: e.type, data: e.data })),
            context: context(practiceId),
            recordedAt: at,
            recordedAtLocal: nowLocal,
            timeZone,
          }),
        };
      });
      phases.envelope += now() - started;
      phases.events += streams.reduce((sum, s) => sum + s.events.length, 0);
      started = now();
      for (const s of streams) await store.append(s.streamId, s.events, 'no_stream');
      phases.append += now() - started;
      started = now();
      JSON.stringify(
        transactionResponseOf(
          panel as BundlePanel,
          decision.items.map((item) => ({ ...item, revision: 0 })),
        ),
      );
      phases.answer += now() - started;
    }
  } finally {
    await store.close();
    dir.remove();
  }
  return phases;
}

/** The second baseline: the same events, enveloped beforehand, appended to a fresh store directly. */
async function appendAlone(streams: readonly { streamId: string; events: NewEvent[] }[]): Promise<number> {
  const dir = tempDir('interop-append');
  const store = new SqliteEventStore({ filename: join(dir.path, 'events.sqlite') });
  try {
    collectGarbage();
    const started = now();
    for (const s of streams) await store.append(s.streamId, s.events, 'no_stream');
    return now() - started;
  } finally {
    await store.close();
    dir.remove();
  }
}

function envelopedStreams(items: readonly PanelItem[], practiceId: string, timeZone: string) {
  const at = new Date(NOW);
  const nowLocal = localDateTimeAt(at, timeZone);
  const decision = decidePanelImport(items, new Map(), practiceId, { nowLocal, actorId: 'admin-user' });
  if (decision.outcome === 'refused') throw new Error(`refused: ${decision.refusals[0].code}`);
  return decision.items.map((item) => {
    const streamId = candidateStreamId(practiceId, item.candidateId);
    return {
      streamId,
      events: envelope({
        streamId,
        streamRevision: -1,
        previousHash: GENESIS_HASH,
        events: item.events.map((e) => ({ type: e.type, data: e.data })),
        context: context(practiceId),
        recordedAt: at,
        recordedAtLocal: nowLocal,
        timeZone,
      }),
    };
  });
}

// ---------------------------------------------------------------------------------------------------

/** Every candidate event of the practice, read from the store (the store parses each event's JSON). */
async function readCandidateEvents(store: EventStore, practiceId: string): Promise<number> {
  let count = 0;
  let after;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: MAX_PAGE_SIZE,
      filter: { streamPrefixes: [candidateStreamPrefix(practiceId)] },
    });
    count += page.events.length;
    after = page.lastPosition ?? after;
    if (page.isEnd) return count;
  }
}

async function eligibilityPages(rig: Rig): Promise<{ ms: number; items: number; pages: string[] }> {
  collectGarbage();
  const started = now();
  const pages: string[] = [];
  let items = 0;
  let cursor: string | null = null;
  do {
    const text = await getText(
      rig,
      `/candidates/eligibility?asOf=${AS_OF}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    pages.push(text);
    const page = JSON.parse(text) as { items: unknown[]; nextCursor: string | null };
    items += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return { ms: now() - started, items, pages };
}

async function patientIds(store: EventStore, practiceId: string, limit: number): Promise<string[]> {
  const prefix = patientStreamPrefix(practiceId);
  const ids: string[] = [];
  let after;
  for (;;) {
    const page = await store.readAll({
      after,
      maxCount: MAX_PAGE_SIZE,
      filter: { streamPrefixes: [prefix], eventTypes: ['PatientEnrolled'] },
    });
    ids.push(...page.events.map((e) => e.streamId.slice(prefix.length)));
    after = page.lastPosition ?? after;
    if (page.isEnd || ids.length >= limit) return ids.slice(0, limit);
  }
}

const timeZoneOf = async (rig: Rig, practiceId: string): Promise<string> =>
  (await rig.api.app.get(PatientRecords).registeredPractice(practiceId)).timeZone;

async function importSection(rig: Rig, patients: number): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const timeZone = await timeZoneOf(rig, PRACTICE_ID);
  log(`generating a Bundle of ${fmtInt(patients)} patients...`);
  const whole = bundleText(0, patients);
  const wholeBytes = Buffer.byteLength(whole);
  const bodies = bundlesFor(0, patients, rig.limitBytes);
  const split = bodies.length > 1;
  process.stdout.write(
    `Bundle of ${fmtInt(patients)} patients: ${fmtInt(wholeBytes)} bytes (${fmt(wholeBytes / MIB, 1)} MiB, ` +
      `${fmtInt(wholeBytes / patients)} B a patient); panel import limit ${fmtInt(rig.limitBytes)} bytes ` +
      `(${fmt(rig.limitBytes / MIB, 1)} MiB): ` +
      (split ? `posted as ${bodies.length} Bundles\n` : 'posted as one Bundle\n'),
  );
  const bytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0);

  log('baselines: JSON.parse of the same bytes; the same events appended to a store directly...');
  collectGarbage();
  let started = now();
  for (const body of bodies) JSON.parse(body);
  const parse = now() - started;
  const items = bodies.flatMap((body) => {
    const panel = panelFromBundle(JSON.parse(body));
    if ('problems' in panel) throw new Error('the generated Bundle was refused');
    return panel.items;
  });
  const streams = envelopedStreams(items, PRACTICE_ID, timeZone);
  const appendMs = await appendAlone(streams);
  const events = streams.reduce((sum, s) => sum + s.events.length, 0);

  log('phases, one by one on the same Bundle (after a warm-up on 200 patients)...');
  await phasesOf([bundleText(20_000_000, 200)], PRACTICE_ID, timeZone);
  const { value: phases, cpuMs: phasesCpu } = await cpuOf(() => phasesOf(bodies, PRACTICE_ID, timeZone));

  log(`POST /fhir with ${fmtInt(patients)} patients...`);
  const importMs = await importBodies(rig, PRACTICE_ID, bodies);
  const importCpu = lastImportCpuMs;
  const through = `${split ? `${bodies.length} Bundles` : 'one Bundle'} of ${fmt(bytes / MIB, 1)} MiB`;
  rows.push(
    row({
      bench: BENCH,
      figure: `POST /fhir, ${fmtInt(patients)} patients (${through}), into an empty practice`,
      value: importMs,
      unit: 'ms',
      baselineLabel: 'JSON.parse of the same bytes alone',
      baseline: parse,
      better: 'lower',
      rssMb: peakRssMb(),
      detail: `${fmtInt((patients / importMs) * 1000)} patients/s; ${fmtInt(events)} events, one append per candidate (synchronous=FULL); CPU ${fmt(importCpu, 0)} ms (the same functions called alone: ${fmt(phasesCpu - phases.validate, 0)} ms, the second validation pass left out)`,
    }),
    row({
      bench: BENCH,
      figure: `POST /fhir, ${fmtInt(patients)} patients, against the store alone`,
      value: importMs,
      unit: 'ms',
      baselineLabel: `the same ${fmtInt(events)} events appended directly (one append per stream, FULL)`,
      baseline: appendMs,
      better: 'lower',
      rssMb: peakRssMb(),
      detail: `${fmtInt((events / appendMs) * 1000)} events/s appended alone`,
    }),
  );
  const phaseSum =
    phases.depth +
    phases.parse +
    phases.panel +
    phases.decide +
    phases.envelope +
    phases.append +
    phases.answer;
  process.stdout.write(
    `\nwhere an import of ${fmtInt(patients)} patients goes (the route's functions one by one, same Bundle):\n` +
      [
        ['nesting depth check of the body (textNestsDeeperThan)', phases.depth],
        ['JSON.parse', phases.parse],
        ['panelFromBundle (validation, references, profiles)', phases.panel],
        ['  of which validation: fhirErrorsOf of every resource, alone', phases.validate],
        ['decidePanelImport (empty practice)', phases.decide],
        ['envelope (hash chain)', phases.envelope],
        [`store appends (${fmtInt(phases.events)} events, one append per candidate)`, phases.append],
        ['transaction-response answer (JSON.stringify)', phases.answer],
        ['sum', phaseSum],
        ['through the api (same run)', importMs],
      ]
        .map(
          ([label, ms]) =>
            `  ${String(label).padEnd(62)} ${fmt(Number(ms), 0).padStart(8)} ms ${fmt((Number(ms) / phaseSum) * 100, 1).padStart(6)}%`,
        )
        .join('\n') +
      '\n',
  );
  for (const [label, ms] of [
    ['validation (fhirErrorsOf)', phases.validate],
    ['decide (decidePanelImport)', phases.decide],
    ['envelope + append', phases.envelope + phases.append],
  ] as const)
    rows.push(
      row({
        bench: BENCH,
        figure: `import phase: ${label}, ${fmtInt(patients)} patients`,
        value: ms,
        unit: 'ms',
        baselineLabel: 'the import through the api',
        baseline: importMs,
        better: 'lower',
        rssMb: peakRssMb(),
        detail: 'the pure function alone on the same Bundle',
      }),
    );

  // The eligibility list over the imported candidates.
  log('GET /candidates/eligibility, every page...');
  await caughtUp(rig);
  const first = await eligibilityPages(rig);
  const again = await eligibilityPages(rig);
  collectGarbage();
  started = now();
  const candidateEvents = await readCandidateEvents(rig.api.store, PRACTICE_ID);
  const readMs = now() - started;
  started = now();
  for (const page of again.pages) JSON.parse(page);
  const parsePages = now() - started;
  rows.push(
    row({
      bench: BENCH,
      figure: `GET /candidates/eligibility, every page (limit 1000), ${fmtInt(again.items)} candidates`,
      value: again.ms,
      unit: 'ms',
      baselineLabel: "reading and parsing the same candidates' events from the store",
      baseline: readMs,
      better: 'lower',
      rssMb: peakRssMb(),
      detail: `${again.pages.length} pages; first time ${fmt(first.ms, 0)} ms; ${fmtInt(candidateEvents)} events; JSON.parse of the pages alone ${fmt(parsePages, 0)} ms`,
    }),
  );

  return rows;
}

/** The import of `growth` patients into a practice holding none, then 9× as many (an api of its own). */
async function growthSection(rig: Rig, growth: number): Promise<BenchRow[]> {
  const growthFirst = 10_000_000;
  const growthBodies = (offset: number, count: number) =>
    bundlesFor(growthFirst + offset, count, rig.limitBytes);
  // A warm-up import into another practice, not counted.
  await importBodies(rig, PRACTICE_ID, growthBodies(20 * growth, Math.min(growth, 200)));
  log(`growth: ${fmtInt(growth)} patients into an empty practice...`);
  const into0 = await importBodies(rig, OTHER_PRACTICE_ID, growthBodies(0, growth));
  const into0Cpu = lastImportCpuMs;
  log(`growth: ${fmtInt(growth * 8)} more patients (not timed)...`);
  for (let done = growth; done < growth * 9; done += growth)
    await importBodies(rig, OTHER_PRACTICE_ID, growthBodies(done, growth));
  // Reading the practice's candidates as the import does: in a new CandidateRecords (an api just
  // started: every stream read), then in the api's own (its states cache kept from the imports before).
  const patientRecords = rig.api.app.get(PatientRecords);
  let started = now();
  const held = (
    await new CandidateRecords(rig.api.store, patientRecords, rig.api.clock).all(OTHER_PRACTICE_ID)
  ).size;
  const readCold = now() - started;
  started = now();
  await rig.api.app.get(CandidateRecords).all(OTHER_PRACTICE_ID);
  const readWarm = now() - started;
  log(`growth: ${fmtInt(growth)} patients into a practice holding ${fmtInt(held)}...`);
  const into9 = await importBodies(rig, OTHER_PRACTICE_ID, growthBodies(growth * 9, growth));
  const into9Cpu = lastImportCpuMs;
  // The empty practice once more, after: the order of the two does not favour either.
  await rig.api.http
    .post('/practices')
    .set('Authorization', `Bearer ${rig.api.token('admin', GROWTH_PRACTICE)}`)
    .send(practiceBody(GROWTH_PRACTICE))
    .expect(201);
  const into0After = await importBodies(rig, GROWTH_PRACTICE, growthBodies(growth * 30, growth));
  const into0AfterCpu = lastImportCpuMs;
  return [
    row({
      bench: BENCH,
      figure: `POST /fhir, ${fmtInt(growth)} new patients into a practice holding ${fmtInt(held)} candidates`,
      value: into9,
      unit: 'ms',
      baselineLabel: 'the same import into a practice holding none (mean of one before, one after)',
      baseline: (into0 + into0After) / 2,
      better: 'lower',
      rssMb: peakRssMb(),
      detail: `${fmtInt((growth / into9) * 1000)} against ${fmtInt((growth / into0) * 1000)} and ${fmtInt((growth / into0After) * 1000)} patients/s; CPU ${fmt(into9Cpu, 0)} against ${fmt(into0Cpu, 0)} and ${fmt(into0AfterCpu, 0)} ms; reading the ${fmtInt(held)} candidates alone (CandidateRecords.all) ${fmt(readCold, 0)} ms in a new process, ${fmt(readWarm, 0)} ms with the api's cache`,
    }),
  ];
}

async function exportSection(rig: Rig, count: number): Promise<BenchRow[]> {
  log(`seeding a clinic of ${fmtInt(count)} patients (4 months) through the command path...`);
  const practiceId = 'bench-export';
  await seedClinic(
    {
      practices: rig.api.app.get(PracticeRecords),
      patients: rig.api.app.get(PatientRecords),
      clock: rig.api.clock,
    },
    { practiceId, patients: Math.ceil(count * 1.1), months: 4, seed: 7, lastDay: '2026-03-19' },
  );
  const ids = await patientIds(rig.api.store, practiceId, count);
  await caughtUp(rig);
  // What an import or an eligibility page first does, in a store that holds a clinic: list the practice's
  // candidates (here none), by a scan of every event of the store, against the store's inventory (SQL).
  const storeEvents = (await rig.api.store.countAll?.()) ?? Number.NaN;
  let started = now();
  const listed = (await rig.api.app.get(CandidateRecords).candidateIds(practiceId)).length;
  const scan = now() - started;
  started = now();
  await streamInventory(rig.api.store, { streamPrefixes: [candidateStreamPrefix(practiceId)] });
  const inventory = now() - started;
  process.stdout.write(
    `\nlisting the candidates of a practice (${fmtInt(listed)}) in a store of ${fmtInt(storeEvents)} events: ` +
      `CandidateRecords.candidateIds (through the stream inventory) ${fmt(scan, 1)} ms; ` +
      `streamInventory with the same prefix (SQL) ${fmt(inventory, 1)} ms\n`,
  );
  log(`$everything of ${fmtInt(ids.length)} patients...`);
  // One warm-up request, not counted.
  await getText(rig, `/fhir/Patient/${ids[0]}/$everything`, practiceId);
  collectGarbage();
  started = now();
  let bytes = 0;
  for (const id of ids) bytes += (await getText(rig, `/fhir/Patient/${id}/$everything`, practiceId)).length;
  const exportMs = now() - started;
  collectGarbage();
  started = now();
  let events = 0;
  let rawBytes = 0;
  for (const id of ids) {
    const stream = await readWholeStream(rig.api.store, patientStreamId(practiceId, id));
    events += stream.length;
    rawBytes += JSON.stringify(stream, (_key, value: unknown) =>
      typeof value === 'bigint' ? value.toString() : value,
    ).length;
  }
  const rawMs = now() - started;
  // The export's own functions, without http and without logging the read (the access log's appends).
  collectGarbage();
  let read = 0;
  let build = 0;
  const at = new Date(NOW);
  for (const id of ids) {
    started = now();
    const record = await readPatientRecordExport(rig.api.store, practiceId, id);
    const accessEvents = await readAccessEvents(rig.api.store, practiceId, id);
    read += now() - started;
    started = now();
    JSON.stringify(everythingBundle({ ...record, accessEvents }, at, 'bench'));
    build += now() - started;
  }
  process.stdout.write(
    `\nwhere an export of ${fmtInt(ids.length)} patients goes: reading the practice, the patient and the access ` +
      `log (hash chains checked) ${fmt(read, 0)} ms; everythingBundle + JSON.stringify ${fmt(build, 0)} ms; ` +
      `the rest of ${fmt(exportMs, 0)} ms through the api (access logging, http) ${fmt(exportMs - read - build, 0)} ms\n`,
  );
  return [
    row({
      bench: BENCH,
      figure: `GET /fhir/Patient/{id}/$everything, ${fmtInt(ids.length)} patients one after another`,
      value: exportMs,
      unit: 'ms',
      baselineLabel: "reading the same patients' streams and JSON.stringify of their events",
      baseline: rawMs,
      better: 'lower',
      rssMb: peakRssMb(),
      detail: `${fmt(exportMs / ids.length, 2)} ms a patient; ${fmtInt(events)} events; Bundles ${fmt(bytes / MIB, 1)} MiB against ${fmt(rawBytes / MIB, 1)} MiB of events; each read is access-logged (an append); without http and the access log: ${fmt(read + build, 0)} ms`,
    }),
  ];
}

async function main(): Promise<void> {
  const quick = hasFlag('quick');
  // --projector=off: the api without its embedded projector (the harness runs it on the event loop).
  if (argValue('projector') === 'off') process.env.CCM_PROJECTOR = 'off';
  const patients = numberArg('patients', quick ? 500 : 10_000);
  const exported = numberArg('export', quick ? 50 : 1000);
  const growth = numberArg('growth', quick ? 50 : 1000);
  const rows: BenchRow[] = [];
  log('starting the api (SQLite, fresh data directory)...');
  let rig = await startRig();
  try {
    await registerPractices(rig.api);
    rows.push(...(await importSection(rig, patients)));
  } finally {
    await rig.api.close();
  }
  rig = await startRig();
  try {
    await registerPractices(rig.api);
    rows.push(...(await growthSection(rig, growth)));
  } finally {
    await rig.api.close();
  }
  rig = await startRig();
  try {
    rows.push(...(await exportSection(rig, exported)));
  } finally {
    await rig.api.close();
  }
  printRows(rows);
  process.stdout.write(`peak RSS (api and bench in one process): ${fmt(peakRssMb(), 0)} MiB\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `interop benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
