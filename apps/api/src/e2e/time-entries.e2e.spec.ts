import { chainHash, GENESIS_HASH } from '@ccm/domain';
import { expectStreamUnchanged, startApi, type ApiHarness } from '../testing/api-harness';
import { enrolledPatient, registerPractices, timeEntryBody } from '../testing/fixtures';

describe('time log (TIME)', () => {
  let api: ApiHarness;
  const careManager = () => `Bearer ${api.token('care_manager')}`;
  const practitioner = () => `Bearer ${api.token('practitioner')}`;
  beforeAll(async () => {
    api = await startApi();
    await registerPractices(api);
    await enrolledPatient(api, 'pt-t');
    await enrolledPatient(api, 'pt-unconsented', { consent: false });
  });
  afterAll(() => api.close());

  it('logs an entry as the care manager (performer defaults to the token user) and reads it back', async () => {
    const res = await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('e1'))
      .expect(201);
    expect(res.body).toEqual({ entryId: 'e1', revision: 2 });
    expect(res.headers.etag).toBe('"2"');
    expect(res.headers['x-ccm-position']).toMatch(/^\d+\/\d+$/);
    const read = await api.http.get('/patients/pt-t').set('Authorization', careManager()).expect(200);
    expect(read.body.timeEntries).toEqual([
      expect.objectContaining({
        entryId: 'e1',
        performerId: 'rn-lopez',
        performerRole: 'clinical_staff',
        minutes: 12,
        status: 'active',
        program: 'CCM',
      }),
    ]);
  });

  it('is idempotent on entryId: same payload gives the same response and no new event; another payload is 409', async () => {
    const first = await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('dup-1'))
      .expect(201);
    const before = await api.readPatientStream('pt-t');
    const again = await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('dup-1'))
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(await api.readPatientStream('pt-t')).toHaveLength(before.length);
    await expectStreamUnchanged(api, 'pt-t', async () => {
      const conflict = await api.http
        .post('/patients/pt-t/time-entries')
        .set('Authorization', careManager())
        .send(timeEntryBody('dup-1', { minutes: 13 }))
        .expect(409);
      expect(conflict.body.reason).toBe('ENTRY_ID_REUSED');
    });
  });

  it('stores time that billing will not count, as it happened: before consent, late, non-clinical staff (TIME-3, CONS-1)', async () => {
    await api.http
      .post('/patients/pt-unconsented/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('pre-consent'))
      .expect(201);
    await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('late', { serviceDate: '2025-06-03' }))
      .expect(201);
    await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(
        timeEntryBody('sched', {
          performerId: 'sched-kim',
          performerRole: 'non_clinical_staff',
          activity: 'scheduling',
        }),
      )
      .expect(201);
    await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('multi', { program: ['CCM', 'RPM'] }))
      .expect(201);
  });

  it('refuses what cannot be true with 422 and records nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ minutes: 0 }, 'MINUTES_OUT_OF_RANGE'],
      [{ minutes: 241 }, 'MINUTES_OUT_OF_RANGE'],
      [{ serviceDate: '2026-03-31', startTime: '11:55', minutes: 10 }, 'TIME_IN_FUTURE'],
      [{ performerId: 'stranger' }, 'PERFORMER_NOT_ON_ROSTER'],
      [{ performerId: 'ma-chen', performerRole: 'physician_qhp' }, 'PERFORMER_ROLE_MISMATCH'],
    ];
    await expectStreamUnchanged(api, 'pt-t', async () => {
      for (const [override, reason] of cases) {
        const res = await api.http
          .post('/patients/pt-t/time-entries')
          .set('Authorization', practitioner())
          .send(timeEntryBody(`bad-${reason}`, override));
        expect({ status: res.status, reason: res.body.reason }).toEqual({ status: 422, reason });
      }
    });
  });

  it('accepts an entry that ends exactly now, on the practice clock', async () => {
    await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('now', { serviceDate: '2026-03-31', startTime: '11:50', minutes: 10 }))
      .expect(201);
  });

  it('refuses malformed input with 400 naming every field: wrong types, bad time, unknown field', async () => {
    const res = await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send({
        ...timeEntryBody('bad-types'),
        minutes: '12',
        startTime: '25:00',
        program: ['CCM'],
        performer: 'x',
      })
      .expect(400);
    // The unknown field is reported at its parent, never by its own name.
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'body',
      'minutes',
      'program',
      'startTime',
    ]);
    const missing = await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send({ entryId: 'x' })
      .expect(400);
    expect(missing.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['performerRole', 'program', 'activity', 'serviceDate', 'startTime', 'minutes']),
    );
    const notJson = await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .set('Content-Type', 'application/json')
      .send('{"entryId": "x", minutes: }')
      .expect(400);
    expect(notJson.body.reason).toBe('BAD_REQUEST');
    expect(JSON.stringify(notJson.body)).not.toContain('minutes');
  });

  it('forbids a care manager from logging physician time', async () => {
    await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('as-doc', { performerId: 'dr-adams', performerRole: 'physician_qhp' }))
      .expect(403);
    await api.http
      .post('/patients/pt-t/time-entries')
      .set('Authorization', practitioner())
      .send(timeEntryBody('as-doc', { performerRole: 'physician_qhp' }))
      .expect(201);
  });

  it('TIME-16: corrects and voids as new events; the original stays; refuses voided, unknown and no-op corrections', async () => {
    await api.http
      .post('/patients/pt-t/time-entries/e1/corrections')
      .set('Authorization', careManager())
      .send({ minutes: 15, reason: 'call ran longer' })
      .expect(201);
    const noop = await api.http
      .post('/patients/pt-t/time-entries/e1/corrections')
      .set('Authorization', careManager())
      .send({ minutes: 15, reason: 'again' })
      .expect(422);
    expect(noop.body.reason).toBe('CORRECTION_CHANGES_NOTHING');
    await api.http
      .post('/patients/pt-t/time-entries/e1/void')
      .set('Authorization', careManager())
      .send({ reason: 'wrong patient' })
      .expect(201);
    await expectStreamUnchanged(api, 'pt-t', async () => {
      expect(
        (
          await api.http
            .post('/patients/pt-t/time-entries/e1/corrections')
            .set('Authorization', careManager())
            .send({ minutes: 20, reason: 'x' })
            .expect(422)
        ).body.reason,
      ).toBe('ENTRY_VOIDED');
      expect(
        (
          await api.http
            .post('/patients/pt-t/time-entries/e1/void')
            .set('Authorization', careManager())
            .send({ reason: 'x' })
            .expect(422)
        ).body.reason,
      ).toBe('ENTRY_VOIDED');
      expect(
        (
          await api.http
            .post('/patients/pt-t/time-entries/nope/void')
            .set('Authorization', careManager())
            .send({ reason: 'x' })
            .expect(422)
        ).body.reason,
      ).toBe('ENTRY_NOT_FOUND');
      await api.http
        .post('/patients/pt-t/time-entries/e1/void')
        .set('Authorization', careManager())
        .send({})
        .expect(400);
    });
    const events = await api.readPatientStream('pt-t');
    const e1 = events.filter((e) => e.data.entryId === 'e1').map((e) => [e.type, e.data.minutes ?? null]);
    expect(e1).toEqual([
      ['TimeLogged', 12],
      ['TimeCorrected', 15],
      ['TimeVoided', null],
    ]);
    const read = await api.http.get('/patients/pt-t').set('Authorization', careManager()).expect(200);
    expect(read.body.timeEntries.find((e: { entryId: string }) => e.entryId === 'e1')).toMatchObject({
      status: 'voided',
      minutes: 15,
      corrections: 1,
    });
  });

  it('answers 404 for time on an unknown patient and writes nothing', async () => {
    const res = await api.http
      .post('/patients/pt-ghost/time-entries')
      .set('Authorization', careManager())
      .send(timeEntryBody('g1'))
      .expect(404);
    expect(res.body.reason).toBe('PATIENT_NOT_FOUND');
    expect(await api.readPatientStream('pt-ghost')).toHaveLength(0);
  });

  describe('optimistic concurrency over HTTP', () => {
    it('honours If-Match: the revision read writes, a stale one is 409 with the current ETag', async () => {
      const read = await api.http.get('/patients/pt-t').set('Authorization', careManager()).expect(200);
      const etag = read.headers.etag as string;
      const ok = await api.http
        .post('/patients/pt-t/time-entries')
        .set('Authorization', careManager())
        .set('If-Match', etag)
        .send(timeEntryBody('im-1'))
        .expect(201);
      await expectStreamUnchanged(api, 'pt-t', async () => {
        const stale = await api.http
          .post('/patients/pt-t/time-entries')
          .set('Authorization', careManager())
          .set('If-Match', etag)
          .send(timeEntryBody('im-2'))
          .expect(409);
        expect(stale.body.reason).toBe('REVISION_CONFLICT');
        expect(stale.headers.etag).toBe(ok.headers.etag);
        await api.http
          .post('/patients/pt-t/time-entries')
          .set('Authorization', careManager())
          .set('If-Match', 'garbage')
          .send(timeEntryBody('im-3'))
          .expect(400);
      });
    });

    it('keeps every one of many concurrent entries on one patient (conflicts are re-decided)', async () => {
      const sends = Array.from({ length: 12 }, (_, i) =>
        api.http
          .post('/patients/pt-t/time-entries')
          .set('Authorization', careManager())
          .send(timeEntryBody(`par-${i}`, { startTime: `0${i % 10}:00`, serviceDate: '2026-03-10' })),
      );
      const results = await Promise.all(sends);
      expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
      const revisions = results.map((r) => r.body.revision).sort((a: number, b: number) => a - b);
      expect(new Set(revisions).size).toBe(12);
    });
  });

  it('writes attributed metadata with an unbroken hash chain on every event', async () => {
    const events = await api.readPatientStream('pt-t');
    let previous = GENESIS_HASH;
    for (const event of events) {
      const metadata = event.metadata as Record<string, unknown>;
      expect(metadata).toMatchObject({
        practiceId: 'riverside',
        schemaVersion: 1,
        timeZone: 'America/Chicago',
        previousHash: previous,
      });
      expect(typeof metadata.actorId).toBe('string');
      expect(typeof metadata.correlationId).toBe('string');
      expect(metadata.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(metadata.occurredAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
      expect(metadata.hash).toBe(
        chainHash({
          streamId: event.streamId,
          revision: Number(event.revision),
          eventId: event.id,
          type: event.type,
          data: event.data,
          metadata,
        }),
      );
      previous = metadata.hash as string;
    }
    const logged = events.find((e) => e.type === 'TimeLogged' && e.data.entryId === 'late');
    expect(logged?.metadata).toMatchObject({
      occurredAt: '2025-06-03T10:00',
      recordedAt: '2026-03-31T17:00:00.000Z',
    });
  });
});
