import type { PatientEvent } from '@ccm/domain';
import { careTeamLinks, type CareTeamIndexes } from './care-team-links';

const u = 'user-ada';

/** Folds events through careTeamLinks as the audit trail does, returning each event's links. */
function linksOf(events: readonly PatientEvent[]) {
  let header: CareTeamIndexes = {};
  return events.map((event, revision) => {
    const linked = careTeamLinks(header, event, revision);
    header = { ...header, ...linked?.indexes };
    return linked?.links;
  });
}

describe('audit links of continuity and medication events', () => {
  it('link a medication’s change, stop, reconciliation and adherence check to where it was added', () => {
    const links = linksOf([
      {
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
      },
      {
        type: 'MedicationChanged',
        data: {
          changeId: 'c',
          medicationId: 'm',
          changedOn: '2026-03-10',
          dose: '1 g',
          reason: 'x',
          recordedBy: u,
        },
      },
      {
        type: 'MedicationsReconciled',
        data: {
          reconciliationId: 'r',
          reconciledBy: 'rn-lopez',
          reconciledOn: '2026-03-12',
          source: 'discharge',
          interactionsReviewed: true,
          changes: [{ medicationId: 'm', action: 'stopped' }],
          discrepancies: [],
          recordedBy: u,
        },
      },
      {
        type: 'MedicationStopped',
        data: { medicationId: 'm', stoppedOn: '2026-03-12', reason: 'x', recordedBy: u },
      },
      {
        type: 'AdherenceChecked',
        data: {
          checkId: 'a',
          medicationId: 'm',
          checkedOn: '2026-03-20',
          method: 'reported',
          measure: 'patient_report',
          finding: 'adherent',
          recordedBy: u,
        },
      },
    ]);
    const to = (relation: string, previousRevision: number) => [
      { relation, kind: 'medication', id: 'm', originalRevision: 0, previousRevision },
    ];
    expect(links).toEqual([[], to('updates', 0), to('reconciles', 1), to('stops', 1), to('checks', 3)]);
  });

  it('link a change of designated member to the designation it replaces', () => {
    const links = linksOf([
      {
        type: 'DesignatedCareTeamMemberAssigned',
        data: { designationId: 'd', memberId: 'rn-lopez', effectiveOn: '2026-01-05', recordedBy: u },
      },
      {
        type: 'DesignatedCareTeamMemberChanged',
        data: {
          designationId: 'e',
          from: 'rn-lopez',
          memberId: 'ma-chen',
          effectiveOn: '2026-03-10',
          recordedBy: u,
        },
      },
    ]);
    expect(links[1]).toEqual([
      {
        relation: 'replaces',
        kind: 'designated_member',
        id: 'rn-lopez',
        originalRevision: 0,
        previousRevision: 0,
      },
    ]);
  });

  it('leave every other event to the audit trail’s own links', () => {
    expect(
      careTeamLinks({}, { type: 'TimeVoided', data: { entryId: 'e', reason: 'x', voidedBy: u } }, 3),
    ).toBeUndefined();
  });
});
