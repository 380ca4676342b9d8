import {
  CARE_PLAN_ACTIVITIES,
  CARE_PLAN_STATUSES,
  CONSENT_METHODS,
  CONSENT_PROGRAMS,
  CONSENT_STATUSES,
  ENTRY_STATUSES,
  EXPECTED_DURATIONS,
  MDM_LEVELS,
  PERFORMER_ROLES,
  TRACKS,
  VISIT_STATUSES,
  type AttemptedClaimLine,
  type DevicePeriod,
  type PatientMonthFacts,
} from './facts';
import { RULE_SETS, ruleSetForMonth } from './rule-sets';
import {
  Reader,
  count,
  date,
  dateOrDateTime,
  dateTime,
  flag,
  isJson,
  month,
  nonNegative,
  oneOf,
  period,
  text,
  time,
  type Json,
  type ValidationError,
} from './field-reader';
import { daysInclusive } from './wall-clock';

export type { ValidationError };

export type ValidationResult =
  { ok: true; facts: PatientMonthFacts } | { ok: false; errors: ValidationError[] };

/**
 * Checks an untrusted document against billing-facts.md §2 and returns typed facts holding only the known
 * fields. Unknown fields are ignored; a service month whose year has no rule set is an error, never a guess.
 */
export function validateFacts(input: unknown): ValidationResult {
  const r = new Reader();
  const root = r.object(input, '');
  if (!root) return { ok: false, errors: [{ path: '(root)', message: 'facts must be a JSON object' }] };

  const serviceMonth = r.required(root, 'serviceMonth', '', month);
  if (serviceMonth !== undefined && !ruleSetForMonth(serviceMonth)) {
    r.fail(
      'serviceMonth',
      `has no billing rule set for its year (known: ${RULE_SETS.map((s) => s.id).join(', ')})`,
    );
  }

  const payerJson = r.requiredObject(root, 'payer', '');
  const payer = payerJson && {
    type: r.required(payerJson, 'type', 'payer', text),
    qmb: r.required(payerJson, 'qmb', 'payer', flag),
    medicaid: r.optional(payerJson, 'medicaid', 'payer', text),
  };

  const bpJson = r.requiredObject(root, 'billingPractitioner', '');
  const billingPractitioner = bpJson && {
    id: r.required(bpJson, 'id', 'billingPractitioner', text),
    role: r.required(bpJson, 'role', 'billingPractitioner', text),
    credential: r.optional(bpJson, 'credential', 'billingPractitioner', text),
    specialty: r.optional(bpJson, 'specialty', 'billingPractitioner', text),
  };

  const patient = readPatient(r, root);
  const consent = readConsent(r, root);
  const initiatingVisit = readInitiatingVisit(r, root);
  const carePlan = readCarePlan(r, root);

  const tpJson = r.requiredObject(root, 'trackPolicy', '');
  const trackPolicy = tpJson && {
    preferred: r.required(tpJson, 'preferred', 'trackPolicy', oneOf(TRACKS)),
    fallback: r.optional(tpJson, 'fallback', 'trackPolicy', oneOf(TRACKS)) ?? null,
  };

  const mdmThisMonth = r.requiredNullable(root, 'mdmThisMonth', '', oneOf(MDM_LEVELS));
  const timeEntries = r.requiredArray(root, 'timeEntries', '', (v, p) => readTimeEntry(r, v, p));
  if (Array.isArray(root.timeEntries)) reportDuplicateIds(r, root.timeEntries);

  const otherServicesThisMonth = r.requiredArray(root, 'otherServicesThisMonth', '', (v, p) => {
    const o = r.object(v, p);
    return (
      o && {
        code: r.required(o, 'code', p, text),
        practitionerId: r.required(o, 'practitionerId', p, text),
        date: r.optional(o, 'date', p, date),
        servicePeriod: r.optional(o, 'servicePeriod', p, period),
      }
    );
  });
  const otherPractitionerClaimsThisMonth = r.requiredArray(
    root,
    'otherPractitionerClaimsThisMonth',
    '',
    (v, p) => {
      const o = r.object(v, p);
      return (
        o && {
          practitionerId: r.required(o, 'practitionerId', p, text),
          code: r.required(o, 'code', p, text),
          serviceMonth: r.optional(o, 'serviceMonth', p, month),
          status: r.optional(o, 'status', p, text),
        }
      );
    },
  );

  const optionalBlocks = readOptionalBlocks(r, root);

  if (r.errors.length > 0) return { ok: false, errors: r.errors };
  // No error was recorded, so every required field is present: the cast only drops the reader's `undefined`s.
  const facts = {
    serviceMonth,
    payer,
    billingPractitioner,
    patient,
    consent,
    initiatingVisit,
    carePlan,
    trackPolicy,
    mdmThisMonth,
    timeEntries,
    otherServicesThisMonth,
    otherPractitionerClaimsThisMonth,
    ...optionalBlocks,
  } as PatientMonthFacts;
  return { ok: true, facts };
}

function readPatient(r: Reader, root: Json) {
  const o = r.requiredObject(root, 'patient', '');
  if (!o) return undefined;
  const p = 'patient';
  const inpatientStays = r.optionalArray(o, 'inpatientStays', p, (v, ip) => {
    const s = r.object(v, ip);
    if (!s) return undefined;
    const stay = {
      type: r.required(s, 'type', ip, text),
      admit: r.required(s, 'admit', ip, date),
      discharge: r.optional(s, 'discharge', ip, date) ?? null,
    };
    if (stay.admit && stay.discharge && stay.discharge < stay.admit)
      r.fail(`${ip}.discharge`, 'must not be before admit');
    return stay;
  });
  return {
    chronicConditions: r.requiredArray(o, 'chronicConditions', p, (v, cp) => {
      const c = r.object(v, cp);
      return (
        c && {
          name: r.optional(c, 'name', cp, text),
          icd10: r.optional(c, 'icd10', cp, text),
          expectedDuration: r.required(c, 'expectedDuration', cp, oneOf(EXPECTED_DURATIONS)),
          significantRisk: r.required(c, 'significantRisk', cp, flag),
        }
      );
    }),
    qualifyingChronicConditionCount: r.required(o, 'qualifyingChronicConditionCount', p, count(0)),
    isNewToBillingPractitioner: r.required(o, 'isNewToBillingPractitioner', p, flag),
    lastFaceToFaceVisitWithBillingPractitioner:
      r.optional(o, 'lastFaceToFaceVisitWithBillingPractitioner', p, date) ?? null,
    inpatientStays: inpatientStays ?? [],
  };
}

function readConsent(r: Reader, root: Json) {
  const o = r.requiredObject(root, 'consent', '');
  if (!o) return undefined;
  const p = 'consent';
  const consent = {
    program: r.optional(o, 'program', p, oneOf(CONSENT_PROGRAMS)),
    status: r.required(o, 'status', p, oneOf(CONSENT_STATUSES)),
    obtainedAt: r.optional(o, 'obtainedAt', p, dateTime) ?? null,
    method: r.optional(o, 'method', p, oneOf(CONSENT_METHODS)),
    documentedInRecord: r.optional(o, 'documentedInRecord', p, flag),
    accepted: r.optional(o, 'accepted', p, flag),
    elementsExplained: r.optionalArray(o, 'elementsExplained', p, r.scalar(text)),
    billingPractitionerId: r.optional(o, 'billingPractitionerId', p, text) ?? null,
    revokedAt: r.optional(o, 'revokedAt', p, dateTime) ?? null,
    history: r.optionalArray(o, 'history', p, (v, hp) => {
      const h = r.object(v, hp);
      return (
        h && {
          obtainedAt: r.optional(h, 'obtainedAt', hp, dateOrDateTime) ?? null,
          revokedAt: r.optional(h, 'revokedAt', hp, dateOrDateTime) ?? null,
        }
      );
    }),
  };
  if (consent.obtainedAt && consent.revokedAt && consent.revokedAt < consent.obtainedAt) {
    r.fail('consent.revokedAt', 'must not be before consent.obtainedAt');
  }
  return consent;
}

function readInitiatingVisit(r: Reader, root: Json) {
  const o = r.requiredObject(root, 'initiatingVisit', '');
  if (!o) return undefined;
  const p = 'initiatingVisit';
  const visit = {
    required: r.optional(o, 'required', p, flag),
    reason: r.optional(o, 'reason', p, text),
    status: r.optional(o, 'status', p, oneOf(VISIT_STATUSES)),
    date: r.optional(o, 'date', p, date) ?? null,
    code: r.optional(o, 'code', p, text) ?? null,
    billingPractitionerId: r.optional(o, 'billingPractitionerId', p, text) ?? null,
    performedBy: r.optional(o, 'performedBy', p, text) ?? null,
    ccmDiscussedAndDocumented: r.optional(o, 'ccmDiscussedAndDocumented', p, flag),
    extensiveAssessmentAndCarePlanningByPractitioner: r.optional(
      o,
      'extensiveAssessmentAndCarePlanningByPractitioner',
      p,
      flag,
    ),
    g0506PreviouslyBilled: r.optional(o, 'g0506PreviouslyBilled', p, flag),
    g0506PreviousDate: r.optional(o, 'g0506PreviousDate', p, date) ?? null,
  };
  if (visit.status === 'completed' && o.date == null)
    r.fail('initiatingVisit.date', 'is required when status is completed');
  return visit;
}

function readCarePlan(r: Reader, root: Json) {
  const o = r.requiredObject(root, 'carePlan', '');
  if (!o) return undefined;
  const p = 'carePlan';
  return {
    status: r.required(o, 'status', p, oneOf(CARE_PLAN_STATUSES)),
    establishedOrSignedBy: r.optional(o, 'establishedOrSignedBy', p, text) ?? null,
    establishedAt: r.optional(o, 'establishedAt', p, date) ?? null,
    draftedBy: r.optional(o, 'draftedBy', p, text) ?? null,
    electronic: r.optional(o, 'electronic', p, flag),
    copyGivenToPatient: r.optional(o, 'copyGivenToPatient', p, flag),
    activityThisMonth: r.optional(o, 'activityThisMonth', p, oneOf(CARE_PLAN_ACTIVITIES)) ?? null,
    type: r.optional(o, 'type', p, text) ?? null,
    focusCondition: r.optional(o, 'focusCondition', p, text) ?? null,
    substantiallyRevisedThisMonth: r.optional(o, 'substantiallyRevisedThisMonth', p, flag),
  };
}

function readTimeEntry(r: Reader, value: unknown, p: string) {
  const o = r.object(value, p);
  if (!o) return undefined;
  const optionalText = (key: string) => r.optional(o, key, p, text) ?? null;
  const id = r.required(o, 'id', p, text);
  const entryDate = r.required(o, 'date', p, date);
  const start = r.required(o, 'start', p, time);
  const minutes = r.required(o, 'minutes', p, count(1));
  const endsAt = r.optional(o, 'endsAt', p, dateTime) ?? null;
  const performerJson = r.requiredObject(o, 'performer', p);
  const performer = performerJson && {
    id: r.required(performerJson, 'id', `${p}.performer`, text),
    role: r.required(performerJson, 'role', `${p}.performer`, oneOf(PERFORMER_ROLES)),
    credential: r.optional(performerJson, 'credential', `${p}.performer`, text),
  };
  return {
    id,
    date: entryDate,
    start,
    minutes,
    endsAt,
    performer,
    program: readProgram(r, o, p),
    status: r.required(o, 'status', p, oneOf(ENTRY_STATUSES)),
    activity: optionalText('activity'),
    supersedes: optionalText('supersedes'),
    supersededBy: optionalText('supersededBy'),
    correctedAt: optionalText('correctedAt'),
    correctedBy: optionalText('correctedBy'),
    correctionReason: optionalText('correctionReason'),
    voidedAt: optionalText('voidedAt'),
    voidedBy: optionalText('voidedBy'),
    voidReason: optionalText('voidReason'),
    reallocatedFrom: r.optionalArray(o, 'reallocatedFrom', p, r.scalar(text)),
    reallocationEventAt: optionalText('reallocationEventAt'),
    reallocatedBy: optionalText('reallocatedBy'),
    jointWith: r.optionalArray(o, 'jointWith', p, r.scalar(text)),
    faceToFace: r.optional(o, 'faceToFace', p, flag),
    duringBilledEm: optionalText('duringBilledEm'),
    outcome: optionalText('outcome'),
    patientContact: r.optional(o, 'patientContact', p, flag) ?? null,
    interactiveCommunication: r.optional(o, 'interactiveCommunication', p, flag),
  };
}

function readProgram(r: Reader, o: Json, p: string): string | string[] | undefined {
  const value = o.program;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      r.fail(`${p}.program`, 'must name at least one program');
      return undefined;
    }
    return r.array(value, `${p}.program`, r.scalar(text));
  }
  return r.required(o, 'program', p, text);
}

function reportDuplicateIds(r: Reader, entries: unknown[]): void {
  const firstIndex = new Map<string, number>();
  entries.forEach((e, i) => {
    if (!isJson(e) || typeof e.id !== 'string') return;
    const seen = firstIndex.get(e.id);
    if (seen === undefined) firstIndex.set(e.id, i);
    else r.fail(`timeEntries[${i}].id`, `duplicates the id of timeEntries[${seen}]`);
  });
}

function readDevicePeriod(r: Reader, v: unknown, p: string): DevicePeriod | undefined {
  const o = r.object(v, p);
  if (!o) return undefined;
  const start = r.required(o, 'start', p, date);
  const end = r.required(o, 'end', p, date);
  const days = r.required(o, 'daysWithTransmittedData', p, count(0));
  if (start === undefined || end === undefined || days === undefined) return undefined;
  if (end < start) {
    r.fail(`${p}.end`, 'must not be before start');
    return undefined;
  }
  if (days > daysInclusive(start, end)) {
    r.fail(`${p}.daysWithTransmittedData`, 'must not exceed the number of days in the period');
    return undefined;
  }
  return { start, end, daysWithTransmittedData: days };
}

function readOptionalBlocks(r: Reader, root: Json) {
  const rpmJson = r.optionalObject(root, 'rpm', '');
  const rpm = rpmJson && {
    enrolled: r.required(rpmJson, 'enrolled', 'rpm', flag),
    consentDocumented: r.optional(rpmJson, 'consentDocumented', 'rpm', flag),
    establishedPatient: r.optional(rpmJson, 'establishedPatient', 'rpm', flag),
    deviceType: r.optional(rpmJson, 'deviceType', 'rpm', text) ?? null,
    setupAndEducationBilledPreviously: r.optional(rpmJson, 'setupAndEducationBilledPreviously', 'rpm', flag),
    devicePeriods:
      r.optionalArray(rpmJson, 'devicePeriods', 'rpm', (v, p) => readDevicePeriod(r, v, p)) ?? [],
  };
  const rtmJson = r.optionalObject(root, 'rtm', '');
  const rtm = rtmJson && {
    enrolled: r.required(rtmJson, 'enrolled', 'rtm', flag),
    devicePeriods:
      r.optionalArray(rtmJson, 'devicePeriods', 'rtm', (v, p) => readDevicePeriod(r, v, p)) ?? [],
  };
  const apcmJson = r.optionalObject(root, 'apcm', '');
  const apcm = apcmJson && {
    practitionerResponsibleForAllPrimaryCare: r.optional(
      apcmJson,
      'practitionerResponsibleForAllPrimaryCare',
      'apcm',
      flag,
    ),
    serviceElementsInPlace: r.optional(apcmJson, 'serviceElementsInPlace', 'apcm', flag),
  };
  const attJson = r.optionalObject(root, 'pcmConditionAttestation', '');
  const ap = 'pcmConditionAttestation';
  const pcmConditionAttestation = attJson && {
    expectedDurationMonthsAtLeast:
      r.optional(attJson, 'expectedDurationMonthsAtLeast', ap, nonNegative) ?? null,
    riskOfHospitalizationOrDecline: r.optional(attJson, 'riskOfHospitalizationOrDecline', ap, flag),
    frequentMedicationAdjustment: r.optional(attJson, 'frequentMedicationAdjustment', ap, flag),
    ongoingCoordinationNeeded: r.optional(attJson, 'ongoingCoordinationNeeded', ap, flag),
  };
  const bhJson = r.optionalObject(root, 'behavioralHealth', '');
  const behavioralHealth = bhJson && {
    service: r.required(bhJson, 'service', 'behavioralHealth', text),
    furnishedUnderPractitioner:
      r.optional(bhJson, 'furnishedUnderPractitioner', 'behavioralHealth', text) ?? null,
    activitiesDocumented: r.optionalArray(bhJson, 'activitiesDocumented', 'behavioralHealth', r.scalar(text)),
  };
  const attemptedClaimLines = r.optionalArray(
    root,
    'attemptedClaimLines',
    '',
    (v, p): AttemptedClaimLine | undefined => {
      if (typeof v === 'string') return r.scalar(text)(v, p);
      const o = r.object(v, p);
      if (!o) return undefined;
      const code = r.required(o, 'code', p, text);
      const units = r.optional(o, 'units', p, count(1));
      return code === undefined ? undefined : units === undefined ? { code } : { code, units };
    },
  );
  return { rpm, rtm, apcm, pcmConditionAttestation, behavioralHealth, attemptedClaimLines };
}
