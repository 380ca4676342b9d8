/**
 * Projection specifications on both adapters: the standard story's events projected into a SQLite file
 * and into a private redis-server, then every read model checked, and every answer compared byte for byte.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RecordedEvent } from '@ccm/event-store';
import { minutesInMonth } from '@ccm/patient-months';
import { PracticeRecords } from '@ccm/record';
import { ALL_PROJECTIONS } from './all-projections';
import { projectBatch } from './engine/project-batch';
import { jsonPageText, ReadModelQueries } from './queries/read-model-queries';
import type { ReadModelStore } from './read-model-store';
import { RedisReadModelStore } from './redis/redis-read-model-store';
import { SqliteReadModelStore } from './sqlite/sqlite-read-model-store';
import { collectAnswers } from './testing/collect-answers';
import { projectEvents } from './testing/project-events';
import { startRedisServer, type TestRedisServer } from './testing/redis-server';
import { OTHER_PRACTICE, PRACTICE, roster, standardStory, type Scenario } from './testing/scenario';

const NOW = new Date('2026-03-31T17:00:00Z');
const READS = {
  practices: { [PRACTICE]: ['pt-1', 'pt-2', 'pt-3'], [OTHER_PRACTICE]: ['pt-1'] },
  months: ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04'],
  now: NOW,
};

let story: Scenario;
let events: RecordedEvent[];
let redis: TestRedisServer;
let dir: string;
const stores: Record<'sqlite' | 'redis', ReadModelStore> = {} as Record<'sqlite' | 'redis', ReadModelStore>;

beforeAll(async () => {
  story = await standardStory();
  events = await story.events();
  redis = await startRedisServer();
  dir = mkdtempSync(join(tmpdir(), 'ccm-read-models-'));
  stores.sqlite = new SqliteReadModelStore({ filename: join(dir, 'read-models.sqlite') });
  const redisStore = new RedisReadModelStore({ url: redis.url });
  await redisStore.ready();
  stores.redis = redisStore;
  // Different batch sizes on purpose: the result must not depend on where batches end.
  await projectEvents(stores.sqlite, events, { batchSize: 7 });
  await projectEvents(stores.redis, events, { batchSize: 3 });
});

afterAll(async () => {
  await stores.sqlite?.close();
  await stores.redis?.close();
  await redis?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.each(['sqlite', 'redis'] as const)('read models on %s', (adapter) => {
  const queries = () => new ReadModelQueries(stores[adapter], story.store);

  it('patient timeline: every event in order, paged, with the position applied', async () => {
    const first = await queries().timeline(PRACTICE, 'pt-1', { limit: 5 });
    if (!first.found) throw new Error('missing');
    expect(first.answer.position).toBe(`${events.length}/${events.length}`);
    expect(first.answer.body.items.map((e) => e.type)).toEqual([
      'PatientEnrolled',
      'InitiatingVisitRecorded',
      'ConsentRecorded',
      'CarePlanCreated',
      'CarePlanShared',
    ]);
    const rest = await queries().timeline(PRACTICE, 'pt-1', {
      limit: 100,
      cursor: first.answer.body.nextCursor!,
    });
    if (!rest.found) throw new Error('missing');
    const all = [...first.answer.body.items, ...rest.answer.body.items];
    expect(all.map((e) => e.revision)).toEqual(all.map((_, i) => i));
    expect(rest.answer.body.nextCursor).toBeNull();
    expect(await queries().timeline(PRACTICE, 'nobody', {})).toEqual({
      found: false,
      missing: 'patient',
      position: `${events.length}/${events.length}`,
    });
  });

  it('keeps practices apart: the same patient id in another practice is another record', async () => {
    const other = await queries().timeline(OTHER_PRACTICE, 'pt-1', { limit: 100 });
    if (!other.found) throw new Error('missing');
    expect(other.answer.body.items.map((e) => e.type)).toEqual([
      'PatientEnrolled',
      'ConsentRecorded',
      'TimeLogged',
    ]);
  });

  it('billable months: the month document, and the billing list by status', async () => {
    const march = await queries().patientMonth(PRACTICE, 'pt-1', '2026-03', NOW);
    if (!march.found) throw new Error('missing');
    expect(march.answer.body.billing.decision?.codes).toEqual([
      { code: '99439', units: 1 },
      { code: '99490', units: 1 },
    ]);
    const billable = await queries().billingMonth(PRACTICE, '2026-03', 'billable', { limit: 10 });
    expect(billable.body.items.map((l) => [l.patientId, l.status])).toEqual([['pt-1', 'billable']]);
    const notBillable = await queries().billingMonth(PRACTICE, '2026-03', 'not-billable', { limit: 10 });
    // pt-3 has a March document; pt-2 has had nothing recorded since February and follows.
    expect(notBillable.body.items.map((l) => [l.patientId, l.status])).toEqual([
      ['pt-3', 'not_billable'],
      ['pt-2', 'not_billable'],
    ]);
    const all = await queries().billingMonth(PRACTICE, '2026-03', 'all', { limit: 2 });
    expect(all.body.items.map((l) => l.patientId)).toEqual(['pt-1', 'pt-3']);
    expect(all.body.nextCursor).not.toBeNull();
    expect(await queries().patientMonth(PRACTICE, 'pt-1', '2026-04', NOW)).toMatchObject({
      found: false,
      missing: 'month',
    });
  });

  it('audit trail: corrections and voids link to the entry they change', async () => {
    const trail = await queries().auditTrail(PRACTICE, 'pt-1', { limit: 100 });
    if (!trail.found) throw new Error('missing');
    const linked = trail.answer.body.items
      .filter((e) => e.links.length > 0)
      .map((e) => [e.type, e.links[0].relation, e.links[0].id]);
    expect(linked).toEqual([
      ['CarePlanShared', 'shares', 'care-plan'],
      ['TimeCorrected', 'corrects', 'e5'],
      ['TimeVoided', 'voids', 'e6'],
    ]);
  });

  it('worklist: the consented patient short of the next threshold, with days left', async () => {
    const worklist = await queries().worklist(PRACTICE, NOW, {});
    expect(worklist.body).toMatchObject({ month: '2026-03', daysLeft: 1, nextCursor: null });
    expect(worklist.body.items.map((i) => [i.patientId, i.minutesMissing, i.nextCode])).toEqual([
      ['pt-1', 15, '99439'],
    ]);
    const april = await queries().worklist(PRACTICE, new Date('2026-04-10T17:00:00Z'), {});
    expect(
      april.body.items.map((i) => [i.patientId, i.countedStaffMinutes, i.minutesMissing, i.daysLeft]),
    ).toEqual([['pt-1', 0, 20, 21]]);
  });

  it('program metrics: per month', async () => {
    const metrics = await queries().programMetrics(PRACTICE, '2026-02');
    expect(metrics.body).toMatchObject({
      month: '2026-02',
      enrolled: 2,
      consented: 1,
      active: 1,
      billable: 1,
    });
  });

  it("team metrics: each staff member's minutes and patients, and contacts, as the month documents add up", async () => {
    for (const month of READS.months) {
      const staff: Record<string, { minutes: number; patients: number }> = {};
      let contacts = 0;
      for (const patientId of READS.practices[PRACTICE]) {
        const found = await queries().patientMonth(PRACTICE, patientId, month, NOW);
        if (!found.found) continue;
        const document = found.answer.body;
        contacts += document.contacts.length;
        const byStaff = new Map<string, number>();
        for (const entry of document.timeEntries.filter((e) => e.status === 'active')) {
          const minutes = minutesInMonth(entry.serviceDate, entry.startTime, entry.minutes, month);
          byStaff.set(entry.performerId, (byStaff.get(entry.performerId) ?? 0) + minutes);
        }
        for (const [staffId, minutes] of byStaff) {
          if (minutes === 0) continue;
          staff[staffId] ??= { minutes: 0, patients: 0 };
          staff[staffId].minutes += minutes;
          staff[staffId].patients += 1;
        }
      }
      const team = (await queries().teamMetrics(PRACTICE, month)).body;
      expect(
        Object.fromEntries(team.staff.map((s) => [s.staffId, { minutes: s.minutes, patients: s.patients }])),
      ).toEqual(staff);
      expect(team.totals.contacts).toBe(contacts);
    }
    const march = (await queries().teamMetrics(PRACTICE, '2026-03')).body;
    expect(march.totals.minutes).toBeGreaterThan(0);
  });

  it('billing export: the rows the CLI prints, from the billing lines', async () => {
    const rows = (await queries().billingExport(PRACTICE, '2026-02', 'month-end')).body;
    const lines = (await queries().billingMonth(PRACTICE, '2026-02', 'all', { limit: 1000 })).body.items;
    expect(rows.map((r) => r.patientId)).toEqual(lines.map((l) => l.patientId));
    const billable = rows.find((r) => r.status === 'billable');
    expect(billable).toMatchObject({
      serviceMonth: '2026-02',
      dateOfService: '2026-02-28',
      submitted: false,
    });
    expect(billable?.codes).toMatch(/^99490x1/);
  });
});

describe('both adapters', () => {
  it('answer every read with byte-identical JSON', async () => {
    const [fromSqlite, fromRedis] = await Promise.all([
      collectAnswers(stores.sqlite, story.store, READS),
      collectAnswers(stores.redis, story.store, READS),
    ]);
    expect(Object.keys(fromSqlite).length).toBeGreaterThan(50);
    for (const key of Object.keys(fromSqlite)) expect([key, fromRedis[key]]).toEqual([key, fromSqlite[key]]);
  });

  it('change nothing when events are delivered again (each document keeps the revision it applied)', async () => {
    const before = await collectAnswers(stores.redis, story.store, READS);
    for (const projection of ALL_PROJECTIONS) {
      const version = (await stores.redis.activeVersion(projection.name))!;
      const ref = { projection: projection.name, version };
      // The whole story again, as a subscription resumed from too early would deliver it.
      await projectBatch({
        store: stores.redis,
        ref,
        projection,
        events,
        expectedCheckpoint: await stores.redis.checkpoint(ref),
      });
    }
    expect(await collectAnswers(stores.redis, story.store, READS)).toEqual(before);
  });

  it('CLAIM-1: answer billing lines stored before a roster NPI change with the roster NPI, as parsed lines would', async () => {
    const profile = roster(PRACTICE);
    await new PracticeRecords(story.store, story.clock).execute(
      {
        type: 'UpdatePractice',
        data: {
          ...profile,
          billingPractitioners: profile.billingPractitioners.map((p) =>
            p.id === 'dr-adams' ? { ...p, npi: '1987654328' } : p,
          ),
        },
      },
      {
        actor: { userId: 'admin-ada', role: 'admin', practiceId: PRACTICE },
        correlationId: 'corr-npi',
        causationId: 'cause-npi',
      },
    );
    const added = (await story.events()).slice(events.length);
    await projectEvents(stores.sqlite, added);
    await projectEvents(stores.redis, added);
    for (const store of [stores.sqlite, stores.redis]) {
      const json = jsonPageText(
        (await new ReadModelQueries(store, story.store).billingMonthJson(PRACTICE, '2026-03', 'all', {}))
          .body,
      );
      const page = JSON.parse(json) as { items: { patientId: string; billingPractitionerNpi: string }[] };
      // pt-1 and pt-3 from their stored March lines, pt-2 derived from its ledger.
      expect(page.items.map((l) => [l.patientId, l.billingPractitionerNpi])).toEqual([
        ['pt-1', '1987654328'],
        ['pt-3', '1987654328'],
        ['pt-2', '1987654328'],
      ]);
      expect(json).toBe(JSON.stringify(page));
    }
    const [fromSqlite, fromRedis] = await Promise.all([
      collectAnswers(stores.sqlite, story.store, READS),
      collectAnswers(stores.redis, story.store, READS),
    ]);
    expect(fromRedis).toEqual(fromSqlite);
  });
});
