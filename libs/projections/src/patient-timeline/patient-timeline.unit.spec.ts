import { envelopesOf } from '../testing/fold-patient-months';
import { PRACTICE, standardStory } from '../testing/scenario';
import { evolveTimeline, timelineEntryOf, type TimelineHeader } from './timeline-entry';

describe('patient timeline (given events, then entries)', () => {
  let envelopes: Awaited<ReturnType<typeof envelopesOf>>;
  beforeAll(async () => {
    envelopes = envelopesOf(await (await standardStory()).events(), PRACTICE, 'pt-1');
  });

  it('turns every event into an entry saying what, who, when recorded and when it happened', () => {
    const logged = envelopes.find((e) => e.event.type === 'TimeLogged' && e.event.data.entryId === 'e-cross');
    expect(timelineEntryOf(logged!)).toEqual({
      revision: logged!.revision,
      position: logged!.position,
      eventId: logged!.eventId,
      type: 'TimeLogged',
      what: '20 min CCM by rn-lopez (clinical staff): care coordination call, 2026-02-28 23:50',
      who: { actorId: 'rn-lopez', role: 'care_manager' },
      recordedAt: '2026-03-02T15:00:00.000Z',
      recordedAtLocal: '2026-03-02T09:00',
      occurredAt: '2026-02-28T23:50',
      timeZone: 'America/Chicago',
    });
    for (const envelope of envelopes) expect(timelineEntryOf(envelope).what.length).toBeGreaterThan(10);
    const corrected = envelopes.find((e) => e.event.type === 'TimeCorrected');
    expect(timelineEntryOf(corrected!).what).toBe(
      'Time entry e5 corrected to 5 min on 2026-03-10 10:00 by rn-lopez: typo in minutes',
    );
  });

  it('keeps stream order and ignores a redelivered event (revision not above the last applied)', () => {
    let header: TimelineHeader | undefined;
    const revisions: number[] = [];
    for (const envelope of [...envelopes, envelopes[3], envelopes[0]]) {
      const next = evolveTimeline(header, envelope);
      if (!next) continue;
      header = next.header;
      revisions.push(next.entry.revision);
    }
    expect(revisions).toEqual(envelopes.map((e) => e.revision));
    expect(header).toEqual({ patientId: 'pt-1', revision: envelopes.length - 1, entries: envelopes.length });
  });
});
