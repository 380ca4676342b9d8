import { decide } from './decide';
import { DR, MA, OTHER_DR, SCHEDULER, buildFacts, entry, minutesBy } from './testing/facts-builder';
import { codeMap, reasonKeys } from './testing/decision-helpers';

describe('time counting (ccm-rules.md §8)', () => {
  it('TIME-1: minutes of another month never count toward this one', () => {
    const d = decide(
      buildFacts({ timeEntries: [entry(15, { id: 'feb', date: '2026-02-27' }), entry(15, { id: 'mar' })] }),
    );
    expect(d.countedMinutes.staff).toBe(15);
    expect(codeMap(d)).toEqual({});
    expect(d.notBillable).toContainEqual({
      reason: 'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED',
      ref: 'feb',
      rule: 'TIME-1',
    });
    expect(reasonKeys(d)).toContain('TIME_BELOW_THRESHOLD:99490');
  });

  it('TIME-2: thresholds are met only in full minutes (19 is not 20)', () => {
    const d = decide(buildFacts({ timeEntries: minutesBy(19) }));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'TIME_BELOW_THRESHOLD', ref: '99490', rule: 'TIME-2' });
  });

  it('TIME-3: non-clinical staff minutes never count', () => {
    const d = decide(
      buildFacts({
        timeEntries: [entry(15), entry(10, { id: 'desk', date: '2026-03-11', performer: SCHEDULER })],
      }),
    );
    expect(d.countedMinutes.staff).toBe(15);
    expect(d.notBillable).toContainEqual({
      reason: 'NON_CLINICAL_STAFF_TIME_EXCLUDED',
      ref: 'desk',
      rule: 'TIME-3',
    });
  });

  it("TIME-3: another practitioner's minutes never count (engine extension REQUIREMENT_NOT_MET)", () => {
    const d = decide(
      buildFacts({
        timeEntries: [entry(15), entry(10, { id: 'dr2', date: '2026-03-11', performer: OTHER_DR })],
      }),
    );
    expect(d.countedMinutes.staff).toBe(15);
    expect(d.notBillable).toContainEqual({ reason: 'REQUIREMENT_NOT_MET', ref: 'dr2', rule: 'TIME-3' });
  });

  it('TIME-4: face-to-face time during a billed E/M visit belongs to the visit', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(15, { id: 'em', duringBilledEm: '99214' }),
          entry(10, { id: 'f2f', date: '2026-03-12', faceToFace: true }),
          entry(10, { id: 'f2f-no-visit', date: '2026-03-13', faceToFace: true }),
        ],
        otherServicesThisMonth: [{ code: '99213', date: '2026-03-12', practitionerId: DR.id }],
      }),
    );
    expect(d.countedMinutes.staff).toBe(10);
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining(['FACE_TO_FACE_EM_TIME_EXCLUDED:em', 'FACE_TO_FACE_EM_TIME_EXCLUDED:f2f']),
    );
    expect(reasonKeys(d)).not.toContain('FACE_TO_FACE_EM_TIME_EXCLUDED:f2f-no-visit');
  });

  it('TIME-5, TIME-14: any activity text is ordinary countable work (care plan work included)', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(10, { activity: 'care_plan_revision' }),
          entry(10, { date: '2026-03-11', activity: 'an unseen label' }),
        ],
      }),
    );
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it("TIME-6: the billing practitioner's own minutes count as staff time on a staff track", () => {
    const d = decide(
      buildFacts({ timeEntries: [entry(10), entry(10, { date: '2026-03-11', performer: DR })] }),
    );
    expect(d.countedMinutes).toMatchObject({ staff: 20, practitioner: 10 });
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it('TIME-7: clinical staff minutes never count toward 99491', () => {
    const d = decide(
      buildFacts({
        trackPolicy: { preferred: 'ccm_practitioner' },
        timeEntries: [entry(25, { performer: DR }), entry(15, { date: '2026-03-11' })],
      }),
    );
    expect(d.countedMinutes.practitioner).toBe(25);
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({
      reason: 'CLINICAL_STAFF_TIME_NOT_COUNTABLE_FOR_PRACTITIONER_CODE',
      ref: '99491',
      rule: 'TIME-7',
    });
  });

  it('TIME-8: minutes before consent or under a consent naming another practitioner are excluded', () => {
    const before = decide(
      buildFacts({ consent: { obtainedAt: '2026-03-10T10:05' }, timeEntries: [entry(30, { id: 'call' })] }),
    );
    expect(before.notBillable).toContainEqual({
      reason: 'TIME_BEFORE_CONSENT_EXCLUDED',
      ref: 'call(5 of 30 minutes)',
      rule: 'CONS-1',
    });
    expect(before.countedMinutes.staff).toBe(25);
    const changed = decide(
      buildFacts({ consent: { billingPractitionerId: OTHER_DR.id }, timeEntries: minutesBy(30) }),
    );
    expect(changed.codes).toEqual([]);
    expect(reasonKeys(changed)).toContain('CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER');
  });

  it('TIME-9: minutes during an inpatient stay (admit to discharge days inclusive) do not count', () => {
    const d = decide(
      buildFacts({
        patient: {
          inpatientStays: [
            { type: 'acute_hospital_inpatient', admit: '2026-03-05', discharge: '2026-03-08' },
          ],
        },
        timeEntries: [
          entry(10, { id: 'admit-day', date: '2026-03-05', start: '23:00' }),
          entry(10, { id: 'discharge-day', date: '2026-03-08', start: '08:00' }),
          entry(10, { id: 'after', date: '2026-03-09', start: '08:00' }),
          entry(20, { id: 'straddle', date: '2026-03-04', start: '23:50' }),
        ],
      }),
    );
    expect(d.countedMinutes.staff).toBe(20);
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining([
        'INPATIENT_TIME_EXCLUDED:admit-day',
        'INPATIENT_TIME_EXCLUDED:discharge-day',
        'INPATIENT_TIME_EXCLUDED:straddle(10 of 20 minutes)',
      ]),
    );
  });

  it('TIME-9: a stay with no discharge excludes everything from admission on', () => {
    const d = decide(
      buildFacts({
        patient: { inpatientStays: [{ type: 'snf_inpatient', admit: '2026-03-20', discharge: null }] },
        timeEntries: [entry(20, { date: '2026-03-19' }), entry(20, { id: 'in', date: '2026-03-25' })],
      }),
    );
    expect(d.countedMinutes.staff).toBe(20);
    expect(reasonKeys(d)).toContain('INPATIENT_TIME_EXCLUDED:in');
  });

  it('TIME-10: overlapping minutes count once (the later entry loses the covered minutes)', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(15, { id: 'rn', start: '10:00' }),
          entry(15, { id: 'ma', start: '10:05', performer: MA }),
          entry(10, { id: 'same', start: '10:00', performer: MA }),
        ],
      }),
    );
    expect(d.countedMinutes.staff).toBe(20);
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'OVERLAPPING_TIME_COUNTED_ONCE', ref: 'same', rule: 'TIME-10' },
        { reason: 'OVERLAPPING_TIME_COUNTED_ONCE', ref: 'ma(10 of 15 minutes)', rule: 'TIME-10' },
      ]),
    );
  });

  it('TIME-10: policy concurrentTime "sum" counts each person', () => {
    const facts = buildFacts({
      timeEntries: [entry(15, { start: '10:00' }), entry(15, { start: '10:05', performer: MA })],
    });
    expect(decide(facts, { concurrentTime: 'sum' }).countedMinutes.staff).toBe(30);
  });

  it('TIME-10: overlap is per pool (CCM and PCM minutes at the same time are not merged)', () => {
    const d = decide(buildFacts({ timeEntries: [entry(20), entry(20, { program: 'PCM' })] }));
    expect(d.countedMinutes).toMatchObject({ staff: 20, pcmStaff: 20 });
  });

  it('TIME-11: minutes of several people and days add up, with no minimum per interaction', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(1, { date: '2026-03-02' }),
          entry(9, { date: '2026-03-03', performer: MA }),
          entry(10, { date: '2026-03-04', performer: DR }),
        ],
      }),
    );
    expect(d.countedMinutes.staff).toBe(20);
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.trace.some((l) => l.startsWith('TIME-11:'))).toBe(true);
  });

  it('TIME-12: unsuccessful outreach is excluded; work without patient contact counts', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(5, { id: 'vm', outcome: 'unsuccessful' }),
          entry(5, { id: 'noanswer', date: '2026-03-11', patientContact: false }),
          entry(20, { id: 'review', date: '2026-03-12', activity: 'record_review' }),
        ],
      }),
    );
    expect(d.countedMinutes.staff).toBe(20);
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining([
        'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED:vm',
        'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED:noanswer',
      ]),
    );
    const counted = decide(buildFacts({ timeEntries: [entry(20, { outcome: 'unsuccessful' })] }), {
      countUnsuccessfulOutreach: true,
    });
    expect(counted.countedMinutes.staff).toBe(20);
  });

  it('TIME-13: prior authorization does not count unless the policy opts in', () => {
    const facts = buildFacts({ timeEntries: [entry(20, { id: 'pa', activity: 'prior_authorization' })] });
    const d = decide(facts);
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({
      reason: 'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED',
      ref: 'pa',
      rule: 'TIME-13',
    });
    expect(codeMap(decide(facts, { countPriorAuthorization: true }))).toEqual({ '99490': 1 });
  });

  it('TIME-15: an entry straddling month end is split by the date of each minute', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(30, { id: 'into', date: '2026-02-28', start: '23:50', endsAt: '2026-03-01T00:20' }),
          entry(30, { id: 'out', date: '2026-03-31', start: '23:50', endsAt: '2026-04-01T00:20' }),
        ],
      }),
    );
    expect(d.countedMinutes.staff).toBe(30);
    expect(d.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED', ref: 'into(10 of 30 minutes)', rule: 'TIME-15' },
        { reason: 'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED', ref: 'out(20 of 30 minutes)', rule: 'TIME-15' },
      ]),
    );
    const whole = decide(buildFacts({ timeEntries: [entry(30, { date: '2026-03-31', start: '23:50' })] }), {
      splitEntriesAtMonthBoundary: false,
    });
    expect(whole.countedMinutes.staff).toBe(30);
  });

  it('TIME-16: superseded and voided entries do not count; the correction does', () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(30, { id: 'orig', status: 'superseded', supersededBy: 'fix' }),
          entry(20, { id: 'fix', supersedes: 'orig' }),
          entry(30, { id: 'void', date: '2026-03-12', status: 'voided', voidReason: 'wrong patient' }),
          entry(30, { id: 'stale', date: '2026-03-13' }),
          entry(5, { id: 'fix2', date: '2026-03-13', start: '12:00', supersedes: 'stale' }),
        ],
      }),
    );
    expect(d.countedMinutes.staff).toBe(25);
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining([
        'SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED:orig',
        'SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED:void',
        'SUPERSEDED_OR_VOIDED_ENTRY_EXCLUDED:stale',
      ]),
    );
  });

  it('TIME-17: a disagreeing endsAt is traced; minutes stay authoritative', () => {
    const d = decide(buildFacts({ timeEntries: [entry(20, { id: 'x', endsAt: '2026-03-10T11:00' })] }));
    expect(d.countedMinutes.staff).toBe(20);
    expect(d.trace).toContain('TIME-17: x endsAt disagrees with its minutes; minutes are authoritative');
  });

  it("TIME-18: entries tagged to several programs count toward none; other services' time stays there", () => {
    const d = decide(
      buildFacts({
        timeEntries: [
          entry(20, { id: 'both', program: ['CCM', 'RPM'] }),
          entry(20, { id: 'tcm', date: '2026-03-11', program: 'TCM' }),
          entry(20, { id: 'one', date: '2026-03-12', program: ['CCM'] }),
        ],
      }),
    );
    expect(d.countedMinutes.staff).toBe(20);
    expect(d.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'UNALLOCATED_MULTI_PROGRAM_TIME_EXCLUDED', ref: 'both', rule: 'TIME-18' },
        { reason: 'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED', ref: 'tcm', rule: 'TIME-18' },
      ]),
    );
  });

  it('TIME-18: RPM minutes without an RPM enrolment belong to another service', () => {
    const d = decide(buildFacts({ timeEntries: [entry(20, { id: 'r', program: 'RPM' })] }));
    expect(d.countedMinutes.rpm).toBe(0);
    expect(d.notBillable).toContainEqual({
      reason: 'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED',
      ref: 'r',
      rule: 'TIME-18',
    });
  });

  it('filters apply in order, first match wins per minute', () => {
    const d = decide(
      buildFacts({
        consent: { obtainedAt: '2026-03-01T00:10' },
        timeEntries: [entry(30, { id: 'e', date: '2026-02-28', start: '23:50', outcome: 'unsuccessful' })],
      }),
    );
    expect(reasonKeys(d)).toEqual([
      'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED:e(10 of 30 minutes)',
      'TIME_BEFORE_CONSENT_EXCLUDED:e(10 of 30 minutes)',
      'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED:e(10 of 30 minutes)',
      'TIME_BELOW_THRESHOLD:99490',
    ]);
  });
});
