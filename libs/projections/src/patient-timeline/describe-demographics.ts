import { fieldsOf, type DemographicField, type DemographicsEvent } from '@ccm/domain';

const LABELS: Record<DemographicField, string> = {
  name: 'name',
  dateOfBirth: 'date of birth',
  sex: 'sex',
  mbi: 'MBI',
  address: 'address',
  phone: 'phone',
};

/**
 * Timeline lines of demographic events: which fields were recorded or corrected, never their values (a
 * timeline is shown and exported more widely than the record itself). The reason of a correction is left
 * out too: it is free text and may quote the old or the new value.
 */
export function describeDemographicsEvent(event: DemographicsEvent): string {
  const named = fieldsOf(event.data)
    .map((field) => LABELS[field])
    .join(', ');
  return event.type === 'DemographicsRecorded'
    ? `Demographics recorded by ${event.data.recordedBy}: ${named}`
    : `Demographics corrected by ${event.data.correctedBy}: ${named}`;
}
