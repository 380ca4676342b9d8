import {
  BILLED_VISIT_CODES,
  type Apcm,
  type CarePlanActivity,
  type ChronicCondition,
  type Consent,
  type InitiatingVisit,
  type MdmLevel,
  type PatientMonthFacts,
  type PcmConditionAttestation,
  type Rpm,
  type TimeEntry,
  type Track,
} from '@ccm/billing';
import type { LocalDate } from '@ccm/domain';
import { firstDayOf, lastDayOf } from './calendar';
import { governingConsent } from './consent-over-month';
import type { DefaultedFact } from './fact-defaults';
import type { MonthActivity, MonthTimeEntry } from './month-activity';
import type { MonthCarePlan, MonthCondition, MonthVisit } from './month-state';
import { inForce } from './ledger-billing-facts';
import { extraMonthFacts } from './extra-billing-facts';
import type { LedgerConsent, PatientLedger } from './patient-ledger';
import { credentialOf, specialtyOf, type PracticeSnapshot } from './practice-snapshot';

export interface FactsInput {
  readonly ledger: PatientLedger;
  readonly month: string;
  readonly practitionerId: string;
  readonly conditions: readonly MonthCondition[];
  readonly consent: LedgerConsent | undefined;
  readonly carePlan: MonthCarePlan;
  readonly visit: MonthVisit | null;
  readonly activity: MonthActivity;
  readonly practice: PracticeSnapshot | undefined;
}

const ELEMENTS: readonly [keyof LedgerConsent['disclosures'], string][] = [
  ['availabilityAndScope', 'availability_and_scope'],
  ['costSharing', 'cost_sharing'],
  ['rightToStopEffectiveMonthEnd', 'right_to_stop_effective_month_end'],
  ['onePractitionerPerMonth', 'one_practitioner_per_month'],
];

/** The billing-facts.md document of one patient-month, built from the read model alone. */
export function buildBillingFacts(input: FactsInput): { facts: PatientMonthFacts; assumed: DefaultedFact[] } {
  const { ledger, month, practitionerId, practice } = input;
  const recorded = ledger.billingFacts;
  const assumed: DefaultedFact[] = [];
  const assume = <T>(path: DefaultedFact, found: T | undefined, fallback: T): T => {
    if (found !== undefined) return found;
    assumed.push(path);
    return fallback;
  };
  const start = firstDayOf(month);
  const end = lastDayOf(month);
  const payer = inForce(recorded.payers, month);
  const track = inForce(recorded.tracks, month);
  const stays = Object.values(recorded.inpatientStays)
    .filter((s) => s.admit <= end && (s.discharge === null || s.discharge >= start))
    .map((s) => ({ type: s.stayType, admit: s.admit, discharge: s.discharge }))
    .sort(byAdmission);
  const services = Object.values(recorded.otherServices)
    .filter((s) => s.date.slice(0, 7) === month)
    .sort((a, b) => a.date.localeCompare(b.date) || a.code.localeCompare(b.code))
    .map((s) => ({
      code: s.code,
      date: s.date,
      practitionerId: s.practitionerId,
      ...(s.servicePeriod ? { servicePeriod: s.servicePeriod } : {}),
    }));
  // Initiating visits are billed services of their month too (they feed the face-to-face test, TIME-4).
  const visits = ledger.visits
    .filter((v) => v.visitDate.slice(0, 7) === month)
    .filter((v) => !services.some((s) => s.code === v.visitCode && s.date === v.visitDate))
    .map((v) => ({ code: v.visitCode, date: v.visitDate, practitionerId: v.practitionerId }));
  const otherClaims = Object.values(recorded.otherPractitionerClaims)
    .filter((c) => c.serviceMonth === month)
    .map((c) => ({
      practitionerId: c.practitionerId,
      code: c.code,
      serviceMonth: c.serviceMonth,
      status: c.status,
    }));

  const credential = credentialOf(practice, practitionerId);
  const specialty = specialtyOf(practice, practitionerId);
  const ownVisits = faceToFaceVisits(ledger, practitionerId).filter((v) => v.visitDate <= end);
  const lastVisit =
    ownVisits
      .map((v) => v.visitDate)
      .sort()
      .pop() ?? null;
  const recordedTrack = track && {
    preferred: track.preferred as Track,
    fallback: track.fallback as Track | null,
  };
  // CONS-10, PCM-3: APCM and PCM have their own consent; a month reads the one of its track's family.
  const program = consentProgramOf(recordedTrack?.preferred);
  const consent = program === 'CCM' ? input.consent : governingConsent(ledger, month, program);
  const isNew = isNewToPractitioner(ownVisits, consent, start);
  const active = input.conditions.filter((c) => c.activeAtMonthEnd);
  if (input.carePlan.activityInferred) assumed.push('carePlan.activityThisMonth');
  const facts: PatientMonthFacts = {
    serviceMonth: month,
    payer: assume(
      'payer',
      payer && {
        type: payer.payerType,
        qmb: payer.qmb,
        ...(payer.medicaid ? { medicaid: payer.medicaid } : {}),
      },
      {
        type: 'medicare_part_b',
        qmb: false,
      },
    ),
    // PRAC-1: the roster admits only physicians and qualified health professionals as billing practitioners.
    billingPractitioner: {
      id: practitionerId,
      role: 'physician_qhp',
      ...(credential ? { credential } : {}),
      ...(specialty ? { specialty } : {}),
    },
    patient: {
      chronicConditions: chronicConditionFacts(input.conditions),
      qualifyingChronicConditionCount: active.filter((c) => c.qualifying).length,
      isNewToBillingPractitioner: isNew,
      lastFaceToFaceVisitWithBillingPractitioner: lastVisit,
      inpatientStays: assume('patient.inpatientStays', stays.length > 0 ? stays : undefined, []),
    },
    consent: consentFacts(ledger, consent, month, program),
    initiatingVisit: visitFacts(ledger, input.visit, month, assumed),
    carePlan: carePlanFacts(input.carePlan),
    trackPolicy: assume('trackPolicy', recordedTrack, { preferred: 'ccm_noncomplex_staff', fallback: null }),
    mdmThisMonth: assume<MdmLevel>('mdmThisMonth', recorded.mdm[month]?.level as MdmLevel | undefined, 'low'),
    timeEntries: input.activity.timeEntries.map((e) => entryFacts(e, credentialOf(practice, e.performerId))),
    otherServicesThisMonth: [
      ...assume('otherServicesThisMonth', services.length > 0 ? services : undefined, []),
      ...visits,
    ],
    otherPractitionerClaimsThisMonth: assume(
      'otherPractitionerClaimsThisMonth',
      otherClaims.length > 0 ? otherClaims : undefined,
      [],
    ),
  };
  const rpm = rpmFacts(ledger, month, practitionerId, assumed);
  const apcm = apcmFacts(ledger, month, practitionerId);
  const pcmConditionAttestation = pcmAttestationFacts(ledger, month, input.carePlan.focusCondition);
  return {
    facts: {
      ...facts,
      ...(rpm ? { rpm } : {}),
      ...(apcm ? { apcm } : {}),
      ...(pcmConditionAttestation ? { pcmConditionAttestation } : {}),
      ...extraMonthFacts(recorded, month),
    },
    assumed,
  };
}

const APCM_TRACKS: ReadonlySet<string> = new Set<Track>(['apcm', 'apcm_bh_addon']);
const PCM_TRACKS: ReadonlySet<string> = new Set<Track>(['pcm_staff', 'pcm_practitioner']);

function consentProgramOf(track: Track | undefined): 'CCM' | 'PCM' | 'APCM' {
  if (track && APCM_TRACKS.has(track)) return 'APCM';
  if (track && PCM_TRACKS.has(track)) return 'PCM';
  return 'CCM';
}

/**
 * INIT-1: face-to-face visits with a practitioner: initiating visits, and services billed elsewhere whose
 * code is a face-to-face visit (an office visit, AWV, IPPE, TCM...), as the look-back and the last visit read them.
 */
function faceToFaceVisits(
  ledger: PatientLedger,
  practitionerId: string,
): { readonly visitDate: LocalDate }[] {
  const billed = Object.values(ledger.billingFacts.otherServices)
    .filter((s) => s.practitionerId === practitionerId && BILLED_VISIT_CODES.includes(s.code))
    .map((s) => ({ visitDate: s.date }));
  return [...ledger.visits.filter((v) => v.practitionerId === practitionerId), ...billed];
}

/** Dates of a code billed outside this system before `before` (G0506, 99453...), ascending. */
function billedElsewhereBefore(
  ledger: PatientLedger,
  code: string,
  from: LocalDate,
  before: LocalDate,
): string[] {
  return Object.values(ledger.billingFacts.otherServices)
    .filter((s) => s.code === code && s.date >= from && s.date < before)
    .map((s) => s.date)
    .sort();
}

/**
 * PCM-1: the attestation in force at the month's end; for a disease-specific plan, the one of its focus
 * condition. Later attestations of the same condition replace earlier ones.
 */
function pcmAttestationFacts(
  ledger: PatientLedger,
  month: string,
  focusCondition: string | null,
): PcmConditionAttestation | undefined {
  const end = lastDayOf(month);
  const held = (ledger.pcmAttestations ?? []).filter(
    (a) => a.attestedOn <= end && (focusCondition === null || a.icd10 === focusCondition),
  );
  const latest = held.reduce<(typeof held)[number] | undefined>(
    (last, a) => (!last || a.attestedOn >= last.attestedOn ? a : last),
    undefined,
  );
  return (
    latest && {
      expectedDurationMonthsAtLeast: latest.expectedDurationMonthsAtLeast,
      riskOfHospitalizationOrDecline: latest.riskOfHospitalizationOrDecline,
      frequentMedicationAdjustment: latest.frequentMedicationAdjustment,
      ongoingCoordinationNeeded: latest.ongoingCoordinationNeeded,
    }
  );
}

/**
 * RPM-1..6: the RPM block of the month, from the last episode overlapping it, when the month's billing
 * practitioner ordered it (RPM-4: the ordering practitioner bills RPM). Device periods are those
 * overlapping the month (the engine bills a period in the month it starts, RPM-1); set-up was billed
 * before when an earlier month of the episode was claimed with 99453 (RPM-6).
 */
function rpmFacts(
  ledger: PatientLedger,
  month: string,
  practitionerId: string,
  assumed: DefaultedFact[],
): Rpm | undefined {
  const recorded = ledger.billingFacts;
  const start = firstDayOf(month);
  const end = lastDayOf(month);
  const episode = (recorded.rpmEpisodes ?? [])
    .filter((e) => e.enrolledOn <= end && (e.endedOn === null || e.endedOn >= start))
    .pop();
  if (!episode || episode.orderingPractitionerId !== practitionerId) return undefined;
  const devicePeriods = Object.values(recorded.rpmPeriods ?? {})
    .filter((p) => p.start <= end && p.end >= start)
    .sort((a, b) => a.start.localeCompare(b.start))
    .map((p) => ({ start: p.start, end: p.end, daysWithTransmittedData: p.daysWithTransmittedData }));
  const episodeMonth = episode.enrolledOn.slice(0, 7);
  const setupBilled =
    Object.entries(recorded.submittedClaims).some(
      ([serviceMonth, claim]) =>
        serviceMonth >= episodeMonth && serviceMonth < month && claim.codes.some((c) => c.code === '99453'),
    ) || billedElsewhereBefore(ledger, '99453', episode.enrolledOn, start).length > 0;
  if (!setupBilled) assumed.push('rpm.setupAndEducationBilledPreviously');
  return {
    enrolled: true,
    consentDocumented: episode.consentDocumented,
    establishedPatient: episode.establishedPatient,
    deviceType: episode.deviceType,
    setupAndEducationBilledPreviously: setupBilled,
    devicePeriods,
  };
}

/** APCM-2: the month's billing practitioner's attestation in force for the month, if any. */
function apcmFacts(ledger: PatientLedger, month: string, practitionerId: string): Apcm | undefined {
  const attestations = (ledger.billingFacts.apcmAttestations ?? []).filter(
    (a) => a.practitionerId === practitionerId,
  );
  const attestation = inForce(attestations, month);
  return (
    attestation && {
      practitionerResponsibleForAllPrimaryCare: attestation.responsibleForAllPrimaryCare,
      serviceElementsInPlace: attestation.serviceElementsInPlace,
    }
  );
}

/** CPT's new-patient look-back: no face-to-face service from the practitioner in the three years before. */
const NEW_PATIENT_LOOKBACK_YEARS = 3;

/**
 * INIT-1, CONS-4: new to the billing practitioner when no face-to-face visit with them is on record in the
 * look-back before CCM started with them (their consent; the month's first day without one). Visits after
 * that do not make the patient established at the start. Nothing on record reads as new, so a visit is
 * required rather than assumed away.
 */
function isNewToPractitioner(
  ownVisits: readonly { readonly visitDate: LocalDate }[],
  consent: LedgerConsent | undefined,
  monthStart: LocalDate,
): boolean {
  const started = consent?.obtainedAt.slice(0, 10) ?? monthStart;
  const from = `${String(Number(started.slice(0, 4)) - NEW_PATIENT_LOOKBACK_YEARS).padStart(4, '0')}${started.slice(4)}`;
  return !ownVisits.some((v) => v.visitDate >= from && v.visitDate <= started);
}

function consentFacts(
  ledger: PatientLedger,
  consent: LedgerConsent | undefined,
  month: string,
  program: LedgerConsent['program'] = 'CCM',
): Consent {
  if (!consent) return { program, status: 'none', obtainedAt: null, revokedAt: null };
  const end = `${lastDayOf(month)}T23:59`;
  const revokedAt = consent.withdrawnAt !== null && consent.withdrawnAt <= end ? consent.withdrawnAt : null;
  const history = ledger.consents
    .filter(
      (c) => c.program === program && c.consentId !== consent.consentId && c.obtainedAt <= consent.obtainedAt,
    )
    .filter((c) => c.decision === 'accepted')
    .map((c) => ({ obtainedAt: c.obtainedAt, revokedAt: c.withdrawnAt }));
  return {
    program,
    status: consent.decision === 'declined' ? 'none' : revokedAt ? 'revoked' : 'active',
    obtainedAt: consent.obtainedAt,
    method: consent.method,
    documentedInRecord: consent.documentedInRecord,
    elementsExplained: ELEMENTS.filter(([flag]) => consent.disclosures[flag]).map(([, element]) => element),
    accepted: consent.decision === 'accepted',
    billingPractitionerId: consent.billingPractitionerId,
    revokedAt,
    ...(history.length > 0 ? { history } : {}),
  };
}

function visitFacts(
  ledger: PatientLedger,
  visit: MonthVisit | null,
  month: string,
  assumed: DefaultedFact[],
): InitiatingVisit {
  if (!visit) return {};
  // INIT-6: a G0506 claimed for an earlier month in this record, or billed elsewhere before the month.
  const claimed = Object.entries(ledger.billingFacts.submittedClaims)
    .filter(([serviceMonth, claim]) => serviceMonth < month && claim.codes.some((c) => c.code === 'G0506'))
    .map(([serviceMonth]) => serviceMonth);
  const elsewhere = billedElsewhereBefore(ledger, 'G0506', '0000-01-01', firstDayOf(month));
  const earlierG0506 = [...claimed, ...elsewhere];
  if (earlierG0506.length === 0) assumed.push('initiatingVisit.g0506PreviouslyBilled');
  return {
    status: 'completed',
    date: visit.visitDate,
    code: visit.visitCode,
    ...(visit.byBillingPractitioner
      ? { billingPractitionerId: visit.practitionerId }
      : { performedBy: visit.practitionerId }),
    ccmDiscussedAndDocumented: visit.ccmDiscussed,
    extensiveAssessmentAndCarePlanningByPractitioner: visit.extensiveAssessmentAndCarePlanning,
    g0506PreviouslyBilled: earlierG0506.length > 0,
    ...(elsewhere.length > 0 ? { g0506PreviousDate: elsewhere[elsewhere.length - 1] } : {}),
  };
}

/** The conditions active at the month's end, as the billing engine reads them. */
function chronicConditionFacts(conditions: readonly MonthCondition[]): ChronicCondition[] {
  return conditions
    .filter((c) => c.activeAtMonthEnd)
    .map((c) => ({
      name: c.description,
      icd10: c.icd10,
      expectedDuration: c.expectedDuration,
      significantRisk: c.significantRisk,
    }));
}

function carePlanFacts(plan: MonthCarePlan): PatientMonthFacts['carePlan'] {
  if (plan.status === 'none') return { status: 'none' };
  return {
    status: plan.status,
    establishedOrSignedBy: plan.signedOffBy,
    establishedAt: plan.establishedOn,
    draftedBy: plan.authoredBy,
    electronic: plan.electronic,
    copyGivenToPatient: plan.sharedWithPatient,
    activityThisMonth: plan.activityThisMonth as CarePlanActivity | null,
    type: plan.planType,
    focusCondition: plan.focusCondition,
    substantiallyRevisedThisMonth: plan.substantiallyRevisedThisMonth,
  };
}

/** A time entry as the billing engine reads it; `credential` is the performer's on the roster as it was. */
function entryFacts(entry: MonthTimeEntry, credential: string | undefined): TimeEntry {
  const lastCorrection = entry.corrections[entry.corrections.length - 1];
  const lastReallocation = entry.reallocations[entry.reallocations.length - 1];
  return {
    id: entry.entryId,
    date: entry.serviceDate,
    start: entry.startTime,
    minutes: entry.minutes,
    endsAt: entry.endsAt,
    performer: { id: entry.performerId, role: entry.performerRole, ...(credential ? { credential } : {}) },
    program: typeof entry.program === 'string' ? entry.program : [...entry.program],
    status: entry.status,
    ...(entry.activity ? { activity: entry.activity } : {}),
    ...(lastCorrection
      ? {
          correctedAt: lastCorrection.recordedAtLocal,
          correctedBy: lastCorrection.by,
          correctionReason: lastCorrection.reason,
        }
      : {}),
    ...(entry.voided
      ? { voidedAt: entry.voided.recordedAtLocal, voidedBy: entry.voided.by, voidReason: entry.voided.reason }
      : {}),
    ...(lastReallocation
      ? {
          reallocatedFrom: [entry.reallocations[0].from].flat().map(String),
          reallocationEventAt: lastReallocation.recordedAtLocal,
          reallocatedBy: lastReallocation.by,
        }
      : {}),
    ...(entry.jointWith ? { jointWith: [...entry.jointWith] } : {}),
    ...(entry.faceToFace !== undefined ? { faceToFace: entry.faceToFace } : {}),
    ...(entry.duringBilledEm ? { duringBilledEm: entry.duringBilledEm } : {}),
    ...(entry.outcome ? { outcome: entry.outcome } : {}),
    ...(entry.patientContact !== undefined ? { patientContact: entry.patientContact } : {}),
    ...(entry.interactiveCommunication !== undefined
      ? { interactiveCommunication: entry.interactiveCommunication }
      : {}),
  };
}

const STILL_IN = '9999-12-31';

/**
 * Stays in admission order, then discharge (a stay still open last), then type: a total order, so two
 * stays admitted the same day are listed alike whatever order they were recorded in.
 */
export function byAdmission(
  a: { readonly admit: string; readonly discharge: string | null; readonly type: string },
  b: { readonly admit: string; readonly discharge: string | null; readonly type: string },
): number {
  return (
    a.admit.localeCompare(b.admit) ||
    (a.discharge ?? STILL_IN).localeCompare(b.discharge ?? STILL_IN) ||
    a.type.localeCompare(b.type)
  );
}
