import { describeAfterHoursAccessEvent } from './describe-care-team-events';
import { describeEvent } from './describe-event';

const u = 'user-ada';

describe('timeline lines of continuity, 24/7 access and medication events', () => {
  it('say who was designated, from when, and whom a change replaced', () => {
    expect(
      describeEvent({
        type: 'DesignatedCareTeamMemberAssigned',
        data: { designationId: 'd', memberId: 'rn-lopez', effectiveOn: '2026-01-05', recordedBy: u },
      }),
    ).toBe('Designated care-team member rn-lopez, effective 2026-01-05');
    expect(
      describeEvent({
        type: 'DesignatedCareTeamMemberChanged',
        data: {
          designationId: 'd2',
          from: 'rn-lopez',
          memberId: 'ma-chen',
          effectiveOn: '2026-03-10',
          reason: 'panel change',
          recordedBy: u,
        },
      }),
    ).toBe(
      'Designated care-team member changed from rn-lopez to ma-chen, effective 2026-03-10 (panel change)',
    );
  });

  it('mark a contact made after hours', () => {
    const contact = {
      contactId: 'c',
      channel: 'phone',
      direction: 'inbound',
      party: 'patient',
      occurredAt: '2026-03-14T23:40',
      outcome: 'completed',
      summary: 'Dizziness; on-call nurse advised.',
      recordedBy: u,
    } as const;
    expect(describeEvent({ type: 'ContactRecorded', data: { ...contact, afterHours: true } })).toBe(
      'After-hours inbound phone contact with patient: completed',
    );
    expect(describeEvent({ type: 'ContactRecorded', data: contact })).toBe(
      'Inbound phone contact with patient: completed',
    );
  });

  it('describe the medication list’s entries and changes', () => {
    expect(
      describeEvent({
        type: 'MedicationAdded',
        data: {
          medicationId: 'm',
          name: 'Metformin',
          dose: '500 mg',
          route: 'oral',
          frequency: 'twice daily',
          prescriber: 'dr-adams',
          startedOn: '2025-06-01',
          recordedBy: u,
        },
      }),
    ).toBe('Medication added: Metformin 500 mg, oral, twice daily; prescriber dr-adams; started 2025-06-01');
    expect(
      describeEvent({
        type: 'MedicationChanged',
        data: {
          changeId: 'c',
          medicationId: 'm',
          changedOn: '2026-03-12',
          dose: '1000 mg',
          route: 'transdermal',
          reason: 'HbA1c above goal',
          recordedBy: u,
        },
      }),
    ).toBe('Medication m changed on 2026-03-12: dose 1000 mg, route transdermal (HbA1c above goal)');
    expect(
      describeEvent({
        type: 'MedicationStopped',
        data: { medicationId: 'm', stoppedOn: '2026-03-12', reason: 'cough', recordedBy: u },
      }),
    ).toBe('Medication m stopped on 2026-03-12 (cough)');
  });

  it('count a reconciliation’s changes and discrepancies without the clinician’s notes', () => {
    const line = describeEvent({
      type: 'MedicationsReconciled',
      data: {
        reconciliationId: 'r',
        reconciledBy: 'rn-lopez',
        reconciledOn: '2026-03-12',
        source: 'pharmacy_call',
        interactionsReviewed: true,
        changes: [
          { medicationId: 'm', action: 'changed' },
          { medicationId: 'n', action: 'stopped' },
        ],
        discrepancies: [
          { kind: 'dose', medicationId: 'm', description: 'Discharge list says 850 mg', resolved: true },
          { kind: 'omission', description: 'Takes an OTC supplement', resolved: false },
        ],
        recordedBy: u,
      },
    });
    expect(line).toBe(
      'Medications reconciled on 2026-03-12 (pharmacy call) by rn-lopez: 2 changes; 2 discrepancies, 1 resolved; interactions reviewed',
    );
    expect(line).not.toContain('850');
    expect(line).not.toContain('supplement');
  });

  it('give an adherence check’s method and finding, not its measured value', () => {
    const measured = describeEvent({
      type: 'AdherenceChecked',
      data: {
        checkId: 'a',
        medicationId: 'm',
        checkedOn: '2026-03-20',
        method: 'measured',
        measure: 'proportion_of_days_covered',
        value: 0.82,
        finding: 'partially_adherent',
        recordedBy: u,
      },
    });
    expect(measured).toBe(
      'Adherence checked for m on 2026-03-20 (measured, proportion of days covered): partially adherent',
    );
    expect(measured).not.toContain('0.82');
    expect(
      describeEvent({
        type: 'AdherenceChecked',
        data: {
          checkId: 'b',
          medicationId: null,
          checkedOn: '2026-03-20',
          method: 'reported',
          measure: 'patient_report',
          finding: 'adherent',
          recordedBy: u,
        },
      }),
    ).toBe('Adherence checked overall on 2026-03-20 (reported, patient report): adherent');
  });

  it('describe the practice’s after-hours access changes', () => {
    const arrangement = {
      changeId: 'ah',
      effectiveOn: '2026-01-01',
      coveredBy: { staffIds: ['dr-adams'], service: 'Riverside Nurse Line' },
      means: ['phone_line', 'on_call_clinician'] as const,
      recordAccess: false,
      recordedBy: u,
    };
    expect(describeAfterHoursAccessEvent({ type: 'AfterHoursAccessChanged', data: arrangement })).toBe(
      'After-hours access changed from 2026-01-01: phone line, on call clinician, covered by dr-adams, Riverside Nurse Line; without access to the record',
    );
    expect(
      describeAfterHoursAccessEvent({
        type: 'AfterHoursAccessEnded',
        data: { changeId: 'e', effectiveOn: '2026-06-01', reason: 'contract ended', recordedBy: u },
      }),
    ).toBe('After-hours access ended from 2026-06-01 (contract ended)');
  });
});
