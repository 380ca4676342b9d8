import { decide } from './decide';
import { codeMap, reasonKeys } from './testing/decision-helpers';
import { timeCounting, timeFilters } from './testing/scenarios';

// The documents are the billing scenario suite's (testing/scenarios), which the api tests also record.

describe('time counting (ccm-rules.md §8)', () => {
  const facts = timeCounting.facts;
  const filtered = timeFilters.facts;

  it('TIME-1: minutes of another month never count toward this one', () => {
    const d = decide(facts('TIME-1: minutes of another month'));
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
    const d = decide(facts('TIME-2: 19 minutes are not 20'));
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({ reason: 'TIME_BELOW_THRESHOLD', ref: '99490', rule: 'TIME-2' });
  });

  it('TIME-3: non-clinical staff minutes never count', () => {
    const d = decide(facts('TIME-3: non-clinical staff minutes'));
    expect(d.countedMinutes.staff).toBe(15);
    expect(d.notBillable).toContainEqual({
      reason: 'NON_CLINICAL_STAFF_TIME_EXCLUDED',
      ref: 'desk',
      rule: 'TIME-3',
    });
  });

  it("TIME-3: another practitioner's minutes never count (engine extension REQUIREMENT_NOT_MET)", () => {
    const d = decide(facts('TIME-3: another practitioner’s minutes'));
    expect(d.countedMinutes.staff).toBe(15);
    expect(d.notBillable).toContainEqual({ reason: 'REQUIREMENT_NOT_MET', ref: 'dr2', rule: 'TIME-3' });
  });

  it('TIME-4: face-to-face time during a billed E/M visit belongs to the visit', () => {
    const d = decide(facts('TIME-4: face-to-face time during a billed E/M visit'));
    expect(d.countedMinutes.staff).toBe(10);
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining(['FACE_TO_FACE_EM_TIME_EXCLUDED:em', 'FACE_TO_FACE_EM_TIME_EXCLUDED:f2f']),
    );
    expect(reasonKeys(d)).not.toContain('FACE_TO_FACE_EM_TIME_EXCLUDED:f2f-no-visit');
  });

  it('TIME-5, TIME-14: any activity text is ordinary countable work (care plan work included)', () => {
    const d = decide(facts('TIME-5, TIME-14: any activity text is countable work'));
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it("TIME-6: the billing practitioner's own minutes count as staff time on a staff track", () => {
    const d = decide(facts('TIME-6: the billing practitioner’s minutes on a staff track'));
    expect(d.countedMinutes).toMatchObject({ staff: 20, practitioner: 10 });
    expect(codeMap(d)).toEqual({ '99490': 1 });
  });

  it('TIME-7: clinical staff minutes never count toward 99491', () => {
    const d = decide(facts('TIME-7: clinical staff minutes toward 99491'));
    expect(d.countedMinutes.practitioner).toBe(25);
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({
      reason: 'CLINICAL_STAFF_TIME_NOT_COUNTABLE_FOR_PRACTITIONER_CODE',
      ref: '99491',
      rule: 'TIME-7',
    });
  });

  it('TIME-8: minutes before consent or under a consent naming another practitioner are excluded', () => {
    const before = decide(facts('TIME-8: minutes before the consent minute'));
    expect(before.notBillable).toContainEqual({
      reason: 'TIME_BEFORE_CONSENT_EXCLUDED',
      ref: 'call(5 of 30 minutes)',
      rule: 'CONS-1',
    });
    expect(before.countedMinutes.staff).toBe(25);
    const changed = decide(facts('TIME-8: minutes under a consent naming another practitioner'));
    expect(changed.codes).toEqual([]);
    expect(reasonKeys(changed)).toContain('CONSENT_NOT_VALID_FOR_BILLING_PRACTITIONER');
  });

  it('TIME-9: minutes during an inpatient stay (admit to discharge days inclusive) do not count', () => {
    const d = decide(facts('TIME-9: minutes during an inpatient stay'));
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
    const d = decide(facts('TIME-9: a stay with no discharge'));
    expect(d.countedMinutes.staff).toBe(20);
    expect(reasonKeys(d)).toContain('INPATIENT_TIME_EXCLUDED:in');
  });

  it('TIME-10: overlapping minutes count once (the later entry loses the covered minutes)', () => {
    const d = decide(facts('TIME-10: overlapping minutes count once'));
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
    const overlapping = facts('TIME-10: overlapping minutes of two people (summed only by policy)');
    expect(decide(overlapping, { concurrentTime: 'sum' }).countedMinutes.staff).toBe(30);
  });

  it('TIME-10: overlap is per pool (CCM and PCM minutes at the same time are not merged)', () => {
    const d = decide(facts('TIME-10: CCM and PCM minutes at the same time are separate pools'));
    expect(d.countedMinutes).toMatchObject({ staff: 20, pcmStaff: 20 });
  });

  it('TIME-11: minutes of several people and days add up, with no minimum per interaction', () => {
    const d = decide(facts('TIME-11: minutes of several people and days add up'));
    expect(d.countedMinutes.staff).toBe(20);
    expect(codeMap(d)).toEqual({ '99490': 1 });
    expect(d.trace.some((l) => l.startsWith('TIME-11:'))).toBe(true);
  });

  it('TIME-12: unsuccessful outreach is excluded; work without patient contact counts', () => {
    const d = decide(filtered('TIME-12: unsuccessful outreach, and work without patient contact'));
    expect(d.countedMinutes.staff).toBe(20);
    expect(reasonKeys(d)).toEqual(
      expect.arrayContaining([
        'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED:vm',
        'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED:noanswer',
      ]),
    );
    const counted = decide(filtered('TIME-12: unsuccessful outreach alone (counted only by policy)'), {
      countUnsuccessfulOutreach: true,
    });
    expect(counted.countedMinutes.staff).toBe(20);
  });

  it('TIME-13: prior authorization does not count unless the policy opts in', () => {
    const priorAuthorization = filtered('TIME-13: prior authorization');
    const d = decide(priorAuthorization);
    expect(d.codes).toEqual([]);
    expect(d.notBillable).toContainEqual({
      reason: 'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED',
      ref: 'pa',
      rule: 'TIME-13',
    });
    expect(codeMap(decide(priorAuthorization, { countPriorAuthorization: true }))).toEqual({ '99490': 1 });
  });

  it('TIME-15: an entry straddling month end is split by the date of each minute', () => {
    const d = decide(filtered('TIME-15: entries straddling both month ends'));
    expect(d.countedMinutes.staff).toBe(30);
    expect(d.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED', ref: 'into(10 of 30 minutes)', rule: 'TIME-15' },
        { reason: 'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED', ref: 'out(20 of 30 minutes)', rule: 'TIME-15' },
      ]),
    );
    const whole = decide(filtered('TIME-15: an entry into the next month (kept whole only by policy)'), {
      splitEntriesAtMonthBoundary: false,
    });
    expect(whole.countedMinutes.staff).toBe(30);
  });

  it('TIME-16: superseded and voided entries do not count; the correction does', () => {
    const d = decide(filtered('TIME-16: superseded and voided entries'));
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
    const d = decide(filtered('TIME-17: an endsAt that disagrees with the minutes'));
    expect(d.countedMinutes.staff).toBe(20);
    expect(d.trace).toContain('TIME-17: x endsAt disagrees with its minutes; minutes are authoritative');
  });

  it("TIME-18: entries tagged to several programs count toward none; other services' time stays there", () => {
    const d = decide(filtered('TIME-18: entries tagged to several programs, and to another service'));
    expect(d.countedMinutes.staff).toBe(20);
    expect(d.notBillable).toEqual(
      expect.arrayContaining([
        { reason: 'UNALLOCATED_MULTI_PROGRAM_TIME_EXCLUDED', ref: 'both', rule: 'TIME-18' },
        { reason: 'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED', ref: 'tcm', rule: 'TIME-18' },
      ]),
    );
  });

  it('TIME-18: RPM minutes without an RPM enrolment belong to another service', () => {
    const d = decide(filtered('TIME-18: RPM minutes without an RPM enrolment'));
    expect(d.countedMinutes.rpm).toBe(0);
    expect(d.notBillable).toContainEqual({
      reason: 'TIME_COUNTED_FOR_OTHER_SERVICE_EXCLUDED',
      ref: 'r',
      rule: 'TIME-18',
    });
  });

  it('filters apply in order, first match wins per minute', () => {
    const d = decide(
      filtered('TIME-1, CONS-1, TIME-12: filters apply in order, first match wins per minute'),
    );
    expect(reasonKeys(d)).toEqual([
      'TIME_OUTSIDE_SERVICE_MONTH_EXCLUDED:e(10 of 30 minutes)',
      'TIME_BEFORE_CONSENT_EXCLUDED:e(10 of 30 minutes)',
      'UNSUCCESSFUL_OUTREACH_TIME_EXCLUDED:e(10 of 30 minutes)',
      'TIME_BELOW_THRESHOLD:99490',
    ]);
  });
});
