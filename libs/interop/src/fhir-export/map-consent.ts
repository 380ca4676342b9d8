import { REQUIRED_DISCLOSURES, type ConsentDisclosures, type ConsentEvent } from '@ccm/domain';
import { dataOf, type ExportContext, type StoredEvent } from './export-context';
import { ccmCodeable, ccmExtensionUrl, stableResourceId, SYSTEMS, type FhirResource } from './fhir-resource';

type Recorded = Extract<ConsentEvent, { type: 'ConsentRecorded' }>['data'];
type Withdrawn = Extract<ConsentEvent, { type: 'ConsentWithdrawn' }>['data'];

/** What each required disclosure (CONS-2) told the patient, as the provision's text. */
const DISCLOSURE_TEXT: Record<keyof ConsentDisclosures, string> = {
  availabilityAndScope: 'The service is available and what it includes',
  costSharing: 'Cost sharing may apply',
  rightToStopEffectiveMonthEnd: 'The patient may stop at any time, effective at the end of the month',
  onePractitionerPerMonth: 'Only one practitioner may bill the service in a month',
};

/**
 * One Consent per consent decision. Accepted is `active` until withdrawn (`inactive`, its provision
 * ending on the day the withdrawal takes effect); declined is `rejected`. Each disclosure the patient was
 * given is a nested provision coded with the record's own name for it.
 */
export function consentResources(context: ExportContext): FhirResource[] {
  const withdrawals = new Map<string, StoredEvent>();
  for (const event of context.record.events) {
    if (event.type === 'ConsentWithdrawn') withdrawals.set(dataOf<Withdrawn>(event).consentId, event);
  }
  return context.record.events
    .filter((event) => event.type === 'ConsentRecorded')
    .map((event) => {
      const consent = dataOf<Recorded>(event);
      const withdrawal = withdrawals.get(consent.consentId);
      const withdrawn = withdrawal ? dataOf<Withdrawn>(withdrawal) : undefined;
      const accepted = consent.decision === 'accepted';
      const status = !accepted ? 'rejected' : withdrawn ? 'inactive' : 'active';
      const disclosures = REQUIRED_DISCLOSURES.filter((name) => consent.disclosures[name]);
      const resource: FhirResource = {
        resourceType: 'Consent',
        id: stableResourceId('Consent', event.streamId, event.id),
        extension: [
          { url: ccmExtensionUrl('consent-program'), valueCode: consent.program },
          { url: ccmExtensionUrl('consent-method'), valueCode: consent.method },
          // Consent.verification.verifiedWith may only name the patient or a relative, not staff.
          { url: ccmExtensionUrl('consent-obtained-by'), valueReference: context.person(consent.obtainedBy) },
        ],
        identifier: [{ system: `${SYSTEMS.ccm}:consent-id`, value: consent.consentId }],
        status,
        scope: { coding: [{ system: SYSTEMS.consentScope, code: 'treatment' }] },
        category: [{ coding: [{ system: SYSTEMS.loinc, code: '59284-0', display: 'Consent Document' }] }],
        patient: context.patientReference(),
        dateTime: context.dateTime(consent.obtainedAt, consent.obtainedAtOffset),
        performer: [context.patientReference()],
        organization: [context.practiceReference()],
        policyRule: { coding: [{ system: SYSTEMS.actCode, code: accepted ? 'OPTIN' : 'OPTOUT' }] },
        verification: [
          {
            verified: true,
            verificationDate: context.dateTime(consent.obtainedAt, consent.obtainedAtOffset),
          },
        ],
        provision: {
          type: accepted ? 'permit' : 'deny',
          period: {
            start: context.dateTime(consent.obtainedAt, consent.obtainedAtOffset),
            ...(withdrawn ? { end: withdrawn.effectiveEndOfDay } : {}),
          },
          actor: [
            {
              role: {
                coding: [
                  { system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'PPRF' },
                ],
              },
              reference: context.person(consent.billingPractitionerId),
            },
          ],
          ...(disclosures.length > 0
            ? {
                provision: disclosures.map((name) => ({
                  type: 'permit',
                  code: [ccmCodeable('consent-disclosure', name, DISCLOSURE_TEXT[name])],
                })),
              }
            : {}),
        },
      };
      return context.traces(resource, event, ...(withdrawal ? [withdrawal] : []));
    });
}
