import type { AfterHoursAccessEvent, CareTeamEvent, MedicationEvent } from '@ccm/domain';

const words = (snake: string): string => snake.replace(/_/g, ' ');
const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * Timeline lines of continuity and medication events. Free text a clinician wrote about a discrepancy
 * is left out, as contact summaries are: the line says what was recorded, not the note.
 */
export function describeCareTeamOrMedicationEvent(event: CareTeamEvent | MedicationEvent): string {
  switch (event.type) {
    case 'DesignatedCareTeamMemberAssigned': {
      const d = event.data;
      return `Designated care-team member ${d.memberId}, effective ${d.effectiveOn}${d.reason ? ` (${d.reason})` : ''}`;
    }
    case 'DesignatedCareTeamMemberChanged': {
      const d = event.data;
      return `Designated care-team member changed from ${d.from} to ${d.memberId}, effective ${d.effectiveOn}${d.reason ? ` (${d.reason})` : ''}`;
    }
    case 'MedicationAdded': {
      const d = event.data;
      return `Medication added: ${d.name} ${d.dose}, ${words(d.route)}, ${d.frequency}; prescriber ${d.prescriber}; started ${d.startedOn}`;
    }
    case 'MedicationChanged': {
      const d = event.data;
      const changed = (['name', 'dose', 'route', 'frequency', 'prescriber'] as const)
        .filter((f) => d[f] !== undefined)
        .map((f) => `${f} ${f === 'route' ? words(String(d[f])) : String(d[f])}`);
      return `Medication ${d.medicationId} changed on ${d.changedOn}: ${changed.join(', ')} (${d.reason})`;
    }
    case 'MedicationStopped':
      return `Medication ${event.data.medicationId} stopped on ${event.data.stoppedOn} (${event.data.reason})`;
    case 'MedicationsReconciled': {
      const d = event.data;
      const resolved = d.discrepancies.filter((x) => x.resolved).length;
      const discrepancies =
        d.discrepancies.length === 0
          ? 'no discrepancies'
          : `${d.discrepancies.length} ${d.discrepancies.length === 1 ? 'discrepancy' : 'discrepancies'}, ${resolved} resolved`;
      return `Medications reconciled on ${d.reconciledOn} (${words(d.source)}) by ${d.reconciledBy}: ${plural(d.changes.length, 'change')}; ${discrepancies}; interactions ${d.interactionsReviewed ? 'reviewed' : 'not reviewed'}`;
    }
    case 'AdherenceChecked': {
      const d = event.data;
      const of = d.medicationId === null ? 'overall' : `for ${d.medicationId}`;
      return `Adherence checked ${of} on ${d.checkedOn} (${d.method}, ${words(d.measure)}): ${words(d.finding)}`;
    }
  }
}

/** A line for the practice's 24/7 access changes (practice stream). */
export function describeAfterHoursAccessEvent(event: AfterHoursAccessEvent): string {
  if (event.type === 'AfterHoursAccessEnded')
    return `After-hours access ended from ${event.data.effectiveOn} (${event.data.reason})`;
  const d = event.data;
  const who = [...d.coveredBy.staffIds, ...(d.coveredBy.service ? [d.coveredBy.service] : [])];
  const verb = event.type === 'AfterHoursAccessArranged' ? 'arranged' : 'changed';
  return `After-hours access ${verb} from ${d.effectiveOn}: ${d.means.map(words).join(', ')}, covered by ${who.join(', ')}; ${d.recordAccess ? 'with' : 'without'} access to the record`;
}
