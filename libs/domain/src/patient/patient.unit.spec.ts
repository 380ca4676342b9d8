import { givenPatient } from '../testing/decider-spec';
import {
  DR_GREY,
  DR_HOUSE,
  TODAY,
  attested,
  carePlanCreated,
  carePlanRevised,
  carePlanShared,
  consentRecorded,
  consentWithdrawn,
  contactRecorded,
  correctTime,
  createCarePlan,
  defaultContext,
  DIABETES,
  HEART_FAILURE,
  enrollPatient,
  initiatingVisitRecorded,
  logTime,
  patientEnrolled,
  recordConsent,
  recordContact,
  recordInitiatingVisit,
  reviseCarePlan,
  shareCarePlan,
  timeCorrected,
  timeLogged,
  timeVoided,
  voidTime,
  withdrawConsent,
} from '../testing/fixtures';
import { checkIdempotencyKey, fingerprintOf } from './idempotency';
import {
  PATIENT_EVENT_TYPES,
  decidePatient,
  evolvePatient,
  foldPatient,
  isPatientEvent,
  occurredAtOf,
  type PatientCommand,
  type PatientEvent,
} from './patient';
import { initialPatientState, type PatientState } from './patient-state';

const conditionAdded: PatientEvent = { type: 'ConditionAdded', data: { condition: attested(DIABETES) } };
const conditionResolved: PatientEvent = {
  type: 'ConditionResolved',
  data: { icd10: 'E11.9', resolvedOn: '2026-03-01', reason: 'x', resolvedBy: DR_GREY.id },
};
const practitionerChanged: PatientEvent = {
  type: 'BillingPractitionerChanged',
  data: { from: DR_GREY.id, to: DR_HOUSE.id, effectiveOn: '2026-04-01', reason: 'moved' },
};

/** One event of every type, in an order the deciders could have produced. */
/** Continuity and medication ids, at the revision of the event that used each (wherever it sits in the list). */
const careTeamAndMedicationKeys = (): Record<string, number> => {
  const at = (type: PatientEvent['type']) => everyKindOfEvent.findIndex((e) => e.type === type);
  return {
    'designation:d': at('DesignatedCareTeamMemberAssigned'),
    'designation:d2': at('DesignatedCareTeamMemberChanged'),
    'medication:m': at('MedicationAdded'),
    'medication-change:c': at('MedicationChanged'),
    'reconciliation:r': at('MedicationsReconciled'),
    'adherence:a': at('AdherenceChecked'),
    'demographics:recorded': at('DemographicsRecorded'),
    'demographics-correction:dc': at('DemographicsCorrected'),
  };
};

const everyKindOfEvent: PatientEvent[] = [
  patientEnrolled(),
  consentRecorded(),
  initiatingVisitRecorded(),
  carePlanCreated(),
  carePlanShared(),
  carePlanRevised(),
  contactRecorded(),
  timeLogged(),
  timeCorrected(),
  timeVoided(),
  conditionResolved,
  conditionAdded,
  consentWithdrawn(),
  practitionerChanged,
  {
    type: 'TimeReallocated',
    data: { entryId: 'entry-1', from: ['CCM', 'RPM'], program: 'CCM', reason: 'x', reallocatedBy: 'u' },
  },
  {
    type: 'MedicalDecisionMakingRecorded',
    data: { serviceMonth: '2026-03', level: 'high', practitionerId: 'dr-grey' },
  },
  { type: 'PayerCoverageRecorded', data: { fromMonth: '2026-01', payerType: 'medicare_part_b', qmb: false } },
  {
    type: 'TrackPolicySet',
    data: { fromMonth: '2026-01', preferred: 'ccm_noncomplex_staff', fallback: null, reason: 'default' },
  },
  {
    type: 'InpatientStayRecorded',
    data: { stayId: 's', stayType: 'acute_hospital_inpatient', admit: '2026-03-01', discharge: null },
  },
  {
    type: 'OtherServiceRecorded',
    data: { serviceId: 's', code: 'G0181', date: '2026-03-02', practitionerId: 'dr-grey' },
  },
  {
    type: 'OtherPractitionerClaimRecorded',
    data: { claimId: 'c', practitionerId: 'dr-x', code: '99490', serviceMonth: '2026-03', status: 'paid' },
  },
  {
    type: 'ClaimSubmitted',
    data: {
      serviceMonth: '2026-02',
      billingPractitionerId: 'dr-grey',
      codes: [],
      decision: {},
      submittedBy: 'u',
    },
  },
  {
    type: 'RpmEnrolled',
    data: {
      deviceType: 'glucometer',
      orderingPractitionerId: 'dr-grey',
      enrolledOn: '2026-03-01',
      consentDocumented: true,
      establishedPatient: true,
      recordedBy: 'u',
    },
  },
  {
    type: 'RpmDevicePeriodRecorded',
    data: {
      periodId: 'p',
      start: '2026-03-01',
      end: '2026-03-30',
      daysWithTransmittedData: 16,
      recordedBy: 'u',
    },
  },
  { type: 'RpmEnded', data: { endedOn: '2026-03-20', reason: 'x', recordedBy: 'u' } },
  {
    type: 'ApcmAttestationRecorded',
    data: {
      fromMonth: '2026-03',
      practitionerId: 'dr-grey',
      responsibleForAllPrimaryCare: true,
      serviceElementsInPlace: true,
      attestedBy: 'u',
    },
  },
  {
    type: 'RtmEnrolled',
    data: { orderingPractitionerId: 'dr-grey', enrolledOn: '2026-03-01', recordedBy: 'u' },
  },
  {
    type: 'RtmDevicePeriodRecorded',
    data: {
      periodId: 'p',
      start: '2026-03-01',
      end: '2026-03-30',
      daysWithTransmittedData: 16,
      recordedBy: 'u',
    },
  },
  { type: 'RtmEnded', data: { endedOn: '2026-03-20', reason: 'x', recordedBy: 'u' } },
  {
    type: 'BehavioralHealthServiceRecorded',
    data: {
      serviceId: 'bh',
      serviceMonth: '2026-03',
      service: 'general_BHI',
      furnishedUnderPractitioner: 'dr-grey',
      activitiesDocumented: ['x'],
      recordedBy: 'u',
    },
  },
  {
    type: 'ClaimLinesAttempted',
    data: { attemptId: 'a', serviceMonth: '2026-03', lines: [{ code: '99424' }], recordedBy: 'u' },
  },
  {
    type: 'ClinicalObservationRecorded',
    data: {
      observationId: 'o',
      measurement: { kind: 'a1c', a1cPercent: 7.2 },
      takenAt: '2026-03-05T09:00',
      source: { type: 'staff' },
      recordedBy: 'u',
    },
  },
  {
    type: 'ClinicalObservationCorrected',
    data: {
      observationId: 'o',
      measurement: { kind: 'a1c', a1cPercent: 7.1 },
      takenAt: '2026-03-05T09:00',
      reason: 'x',
      correctedBy: 'u',
    },
  },
  { type: 'ClinicalObservationVoided', data: { observationId: 'o', reason: 'x', voidedBy: 'u' } },
  {
    type: 'EmergencyVisitRecorded',
    data: { visitId: 'ed', visitDate: '2026-03-06', facility: 'Mercy ED', recordedBy: 'u' },
  },
  {
    type: 'SatisfactionSurveyRecorded',
    data: {
      surveyId: 'sv',
      completedOn: '2026-03-07',
      instrument: 'x',
      scale: { min: 1, max: 5 },
      overallScore: 4,
      recordedBy: 'u',
    },
  },
  { type: 'CarePlanReviewed', data: { reviewedOn: '2026-03-10', activity: 'monitored', reviewedBy: 'u' } },
  {
    type: 'PcmConditionAttested',
    data: {
      icd10: 'E11.9',
      attestedOn: '2026-02-10',
      attestedBy: 'u',
      expectedDurationMonthsAtLeast: 6,
      riskOfHospitalizationOrDecline: true,
      frequentMedicationAdjustment: true,
      ongoingCoordinationNeeded: true,
    },
  },
  {
    type: 'DesignatedCareTeamMemberAssigned',
    data: { designationId: 'd', memberId: 'rn-ada', effectiveOn: '2026-01-05', recordedBy: 'u' },
  },
  {
    type: 'DesignatedCareTeamMemberChanged',
    data: {
      designationId: 'd2',
      from: 'rn-ada',
      memberId: 'np-nina',
      effectiveOn: '2026-03-01',
      recordedBy: 'u',
    },
  },
  {
    type: 'MedicationAdded',
    data: {
      medicationId: 'm',
      name: 'Metformin',
      dose: '500 mg',
      route: 'oral',
      frequency: 'twice daily',
      prescriber: 'dr-grey',
      startedOn: '2025-06-01',
      recordedBy: 'u',
    },
  },
  {
    type: 'MedicationChanged',
    data: {
      changeId: 'c',
      medicationId: 'm',
      changedOn: '2026-03-10',
      dose: '1000 mg',
      reason: 'x',
      recordedBy: 'u',
    },
  },
  {
    type: 'MedicationStopped',
    data: { medicationId: 'm', stoppedOn: '2026-03-12', reason: 'x', recordedBy: 'u' },
  },
  {
    type: 'MedicationsReconciled',
    data: {
      reconciliationId: 'r',
      reconciledBy: 'rn-ada',
      reconciledOn: '2026-03-12',
      source: 'discharge',
      interactionsReviewed: true,
      changes: [{ medicationId: 'm', action: 'stopped' }],
      discrepancies: [],
      recordedBy: 'u',
    },
  },
  {
    type: 'AdherenceChecked',
    data: {
      checkId: 'a',
      medicationId: null,
      checkedOn: '2026-03-20',
      method: 'reported',
      measure: 'patient_report',
      finding: 'adherent',
      recordedBy: 'u',
    },
  },
  {
    type: 'DemographicsRecorded',
    data: {
      name: { given: ['Ann'], family: 'Lee' },
      dateOfBirth: '1948-06-02',
      sex: 'female',
      mbi: '1EG4TE5MK73',
      address: { lines: ['1 Main St'], city: 'Riverside', state: 'CA', postalCode: '92501' },
      phone: '9515550142',
      recordedBy: 'u',
    },
  },
  {
    type: 'DemographicsCorrected',
    data: { correctionId: 'dc', phone: '9515550199', reason: 'x', correctedBy: 'u' },
  },
];

describe('patient', () => {
  describe('event types', () => {
    it('lists every event type once, as stable names', () => {
      expect(new Set(PATIENT_EVENT_TYPES).size).toBe(PATIENT_EVENT_TYPES.length);
      expect([...new Set(everyKindOfEvent.map((e) => e.type))].sort()).toEqual(
        [...PATIENT_EVENT_TYPES].sort(),
      );
    });

    it('recognises its own events and nothing else', () => {
      for (const event of everyKindOfEvent) expect(isPatientEvent(event)).toBe(true);
      expect(isPatientEvent({ type: 'PracticeRegistered' })).toBe(false);
      expect(isPatientEvent({ type: 'timeLogged' })).toBe(false);
    });
  });

  describe('before enrolment', () => {
    const commandsNeedingAPatient: PatientCommand[] = [
      recordConsent(),
      withdrawConsent(),
      recordInitiatingVisit(),
      createCarePlan(),
      reviseCarePlan(),
      shareCarePlan(),
      recordContact(),
      logTime(),
      correctTime(),
      voidTime(),
      { type: 'AddCondition', data: { condition: DIABETES } },
      { type: 'ResolveCondition', data: { icd10: 'E11.9', resolvedOn: TODAY, reason: 'x' } },
      { type: 'ChangeBillingPractitioner', data: { to: DR_HOUSE.id, effectiveOn: TODAY, reason: 'x' } },
      { type: 'EndRpm', data: { endedOn: TODAY, reason: 'x' } },
    ];

    it.each(commandsNeedingAPatient.map((command) => [command.type, command]))(
      'refuses %s for a patient not enrolled',
      (_type, command) => {
        givenPatient().when(command).thenRefuses('PATIENT_NOT_FOUND');
      },
    );

    it('accepts enrolment', () => {
      givenPatient()
        .when(enrollPatient())
        .then(
          patientEnrolled({ conditions: [attested(DIABETES), attested(HEART_FAILURE)], enrolledOn: TODAY }),
        );
    });

    it('counts but otherwise ignores events that reach a patient who is not enrolled', () => {
      const state = foldPatient([timeLogged(), consentRecorded()]);
      expect(state).toEqual({ status: 'not_enrolled', version: 2 });
    });
  });

  describe('a whole story through the decider', () => {
    it('enrols, consents, visits, plans, shares, contacts, logs, corrects and voids, each accepted in turn', () => {
      const commands: PatientCommand[] = [
        enrollPatient(),
        recordConsent(),
        recordInitiatingVisit(),
        createCarePlan(),
        shareCarePlan(),
        reviseCarePlan(),
        recordContact(),
        logTime(),
        logTime({ entryId: 'entry-2', minutes: 10 }),
        correctTime(),
        voidTime('entry-2'),
        withdrawConsent(),
      ];
      let state: PatientState = initialPatientState;
      const history: PatientEvent[] = [];
      for (const command of commands) {
        const decision = decidePatient(command, state, defaultContext);
        if (decision.outcome !== 'accepted')
          throw new Error(`${command.type} was not accepted: ${JSON.stringify(decision)}`);
        for (const event of decision.events) {
          state = evolvePatient(state, event);
          history.push(event);
        }
      }
      expect(history.map((e) => e.type)).toEqual([
        'PatientEnrolled',
        'ConsentRecorded',
        'InitiatingVisitRecorded',
        'CarePlanCreated',
        'CarePlanShared',
        'CarePlanRevised',
        'ContactRecorded',
        'TimeLogged',
        'TimeLogged',
        'TimeCorrected',
        'TimeVoided',
        'ConsentWithdrawn',
      ]);
      expect(foldPatient(history)).toEqual(state);
      expect(state).toMatchObject({
        version: 12,
        carePlan: { version: 2, shares: [{ version: 1 }] },
        consents: [{ consentId: 'consent-1', effectiveEndOfDay: '2026-03-31' }],
      });
      if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
      expect(state.timeEntries.toJSON()).toMatchObject({
        'entry-1': { minutes: 35, status: 'active' },
        'entry-2': { status: 'voided' },
      });
    });
  });

  describe('evolve', () => {
    it('counts every event in the version, which is the stream revision of the last event plus one', () => {
      let state: PatientState = initialPatientState;
      everyKindOfEvent.forEach((event, revision) => {
        state = evolvePatient(state, event);
        expect(state.version).toBe(revision + 1);
      });
    });

    it('remembers each client-chosen id at the revision of the event that used it', () => {
      const state = foldPatient(everyKindOfEvent);
      if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
      expect(
        Object.fromEntries(state.idempotencyKeys.entries().map(([key, { atRevision }]) => [key, atRevision])),
      ).toEqual({
        'consent:consent-1': 1,
        'visit:visit-1': 2,
        'contact:contact-1': 6,
        'stay:s': 18,
        'service:s': 19,
        'claim:c': 20,
        'time:entry-1': 7,
        'bh-service:bh': 29,
        'claim-attempt:a': 30,
        'observation:o': 31,
        'ed-visit:ed': 34,
        'survey:sv': 35,
        ...careTeamAndMedicationKeys(),
      });
    });

    it('folds from a given state, so a snapshot plus later events equals the whole history', () => {
      const snapshot = foldPatient(everyKindOfEvent.slice(0, 6));
      expect(foldPatient(everyKindOfEvent.slice(6), snapshot)).toEqual(foldPatient(everyKindOfEvent));
    });

    it('does not change the state it folds from', () => {
      const before = foldPatient([patientEnrolled()]);
      const copy = JSON.parse(JSON.stringify(before));
      foldPatient(everyKindOfEvent.slice(1), before);
      expect(JSON.parse(JSON.stringify(before))).toEqual(copy);
    });
  });

  describe('business time of events', () => {
    it.each<{ event: PatientEvent; at: string }>([
      { event: patientEnrolled(), at: '2026-01-05T00:00' },
      { event: conditionAdded, at: `${TODAY}T00:00` },
      { event: conditionResolved, at: '2026-03-01T00:00' },
      { event: practitionerChanged, at: '2026-04-01T00:00' },
      { event: consentRecorded(), at: '2026-01-10T10:00' },
      { event: consentWithdrawn(), at: '2026-03-12T09:30' },
      { event: initiatingVisitRecorded(), at: '2026-01-08T00:00' },
      { event: carePlanCreated(), at: '2026-01-12T00:00' },
      { event: carePlanRevised(), at: '2026-03-02T00:00' },
      { event: carePlanShared(), at: '2026-01-13T00:00' },
      { event: contactRecorded(), at: '2026-03-10T14:00' },
      { event: timeLogged(), at: '2026-03-10T14:00' },
      { event: timeCorrected({ serviceDate: '2026-03-09', startTime: '08:15' }), at: '2026-03-09T08:15' },
      {
        event: {
          type: 'InpatientStayRecorded',
          data: { stayId: 's', stayType: 'acute_hospital_inpatient', admit: '2026-03-01', discharge: null },
        },
        at: '2026-03-01T00:00',
      },
      {
        event: {
          type: 'InpatientStayRecorded',
          data: {
            stayId: 's',
            stayType: 'acute_hospital_inpatient',
            admit: '2026-03-01',
            discharge: '2026-03-04',
          },
        },
        at: '2026-03-04T00:00',
      },
      {
        event: {
          type: 'OtherServiceRecorded',
          data: { serviceId: 's', code: 'G0181', date: '2026-03-02', practitionerId: 'dr-grey' },
        },
        at: '2026-03-02T00:00',
      },
    ])('$event.type happened when its data says ($at)', ({ event, at }) => {
      expect(occurredAtOf(event)).toBe(at);
    });

    it.each([timeVoided()])('$type happened when it was recorded', (event) => {
      expect(occurredAtOf(event)).toBeUndefined();
    });
  });

  describe('idempotency keys', () => {
    it('fingerprint content without attribution: the same fact re-sent by another user is the same fact', () => {
      const content = { contactId: 'c-1', summary: 'called' };
      for (const attribution of ['recordedBy', 'correctedBy', 'voidedBy', 'sharedBy', 'attestedBy']) {
        expect(fingerprintOf({ ...content, [attribution]: 'user-bob' })).toBe(fingerprintOf(content));
      }
      expect(fingerprintOf({ ...content, obtainedBy: 'rn-ada' })).not.toBe(fingerprintOf(content));
    });

    it('do not depend on key order', () => {
      expect(fingerprintOf({ a: 1, b: { c: 2, d: 3 } })).toBe(fingerprintOf({ b: { d: 3, c: 2 }, a: 1 }));
    });

    it('leave a new id to the decider', () => {
      const state = foldPatient([patientEnrolled()]);
      if (state.status !== 'enrolled') throw new Error('expected an enrolled patient');
      expect(checkIdempotencyKey(state, 'time:new', {}, 'ENTRY_ID_REUSED')).toBeUndefined();
    });
  });
});
