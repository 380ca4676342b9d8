import type { PatientMonthFacts } from '@ccm/billing';
import { dateOfDay, dayNumber, firstDayOfMonth } from '@ccm/billing/wall-clock';
import type { CommandList } from './api-command';

/** RPM, RTM, APCM, PCM attestation, behavioral health and attempted claim lines of a coherent document. */

const MAX_ATTEMPTED_LINES = 20;

export function recordPrograms(doc: PatientMonthFacts, out: CommandList): void {
  const bp = doc.billingPractitioner.id;
  const month = doc.serviceMonth;
  const monthStart = firstDayOfMonth(month);
  const dayBefore = dateOfDay(dayNumber(monthStart) - 1);
  const earliest = (dates: string[]) => dates.sort()[0];

  const rpm = doc.rpm;
  if (rpm?.enrolled) {
    const setup = rpm.setupAndEducationBilledPreviously === true;
    const periods = rpm.devicePeriods ?? [];
    const enrolledOn = earliest([setup ? dayBefore : monthStart, ...periods.map((p) => p.start)]);
    out.add(
      'rpm',
      'practitioner',
      'rpm/enrolment',
      {
        deviceType: rpm.deviceType,
        orderingPractitionerId: bp,
        enrolledOn,
        consentDocumented: rpm.consentDocumented === true,
        establishedPatient: rpm.establishedPatient === true,
      },
      bp,
    );
    if (setup) {
      out.add('rpm.setupAndEducationBilledPreviously', 'biller', 'other-services', {
        serviceId: 'rpm-setup-before',
        code: '99453',
        date: dayBefore,
        practitionerId: bp,
      });
    }
    periods.forEach((p, i) =>
      out.add(`rpm.devicePeriods[${i}]`, 'care_manager', 'rpm/device-periods', {
        periodId: `rpm-period-${i + 1}`,
        start: p.start,
        daysWithTransmittedData: p.daysWithTransmittedData,
      }),
    );
  }

  const rtm = doc.rtm;
  if (rtm?.enrolled) {
    const periods = rtm.devicePeriods ?? [];
    out.add(
      'rtm',
      'practitioner',
      'rtm/enrolment',
      { enrolledOn: earliest([monthStart, ...periods.map((p) => p.start)]), orderingPractitionerId: bp },
      bp,
    );
    periods.forEach((p, i) =>
      out.add(
        `rtm.devicePeriods[${i}]`,
        'practitioner',
        'rtm/device-periods',
        {
          periodId: `rtm-period-${i + 1}`,
          start: p.start,
          end: p.end,
          daysWithTransmittedData: p.daysWithTransmittedData,
        },
        bp,
      ),
    );
  }

  if (doc.apcm) {
    out.add(
      'apcm',
      'practitioner',
      'apcm/attestation',
      {
        fromMonth: month,
        practitionerId: bp,
        responsibleForAllPrimaryCare: doc.apcm.practitionerResponsibleForAllPrimaryCare === true,
        serviceElementsInPlace: doc.apcm.serviceElementsInPlace === true,
      },
      bp,
    );
  }

  const pcm = doc.pcmConditionAttestation;
  const focus = doc.carePlan.type === 'disease_specific' ? doc.carePlan.focusCondition : null;
  const icd10 = focus ?? doc.patient.chronicConditions[0]?.icd10;
  if (pcm && icd10) {
    out.add(
      'pcmConditionAttestation',
      'practitioner',
      'pcm-attestations',
      {
        icd10,
        attestedOn: monthStart,
        expectedDurationMonthsAtLeast: pcm.expectedDurationMonthsAtLeast ?? 0,
        riskOfHospitalizationOrDecline: pcm.riskOfHospitalizationOrDecline === true,
        frequentMedicationAdjustment: pcm.frequentMedicationAdjustment === true,
        ongoingCoordinationNeeded: pcm.ongoingCoordinationNeeded === true,
      },
      bp,
    );
  }

  const bh = doc.behavioralHealth;
  if (bh?.furnishedUnderPractitioner) {
    out.add(
      'behavioralHealth',
      'practitioner',
      'behavioral-health',
      {
        serviceId: 'bh-1',
        serviceMonth: month,
        service: bh.service,
        furnishedUnderPractitioner: bh.furnishedUnderPractitioner,
        activitiesDocumented: bh.activitiesDocumented ?? [],
      },
      bp,
    );
  }

  const lines = (doc.attemptedClaimLines ?? []).map((l) => (typeof l === 'string' ? { code: l } : l));
  for (let i = 0; i < lines.length; i += MAX_ATTEMPTED_LINES) {
    out.add('attemptedClaimLines', 'biller', `months/${month}/attempted-claim-lines`, {
      attemptId: `attempt-${i / MAX_ATTEMPTED_LINES + 1}`,
      lines: lines.slice(i, i + MAX_ATTEMPTED_LINES),
    });
  }
}
