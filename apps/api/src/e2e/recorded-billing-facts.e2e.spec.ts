import { startReadApi, type ReadApiHarness } from '../read-models/testing/read-api-harness';
import { expectStreamUnchanged } from '../testing/api-harness';
import {
  carePlanElements,
  consentBody,
  enrolBody,
  practiceBody,
  registerPractices,
  timeEntryBody,
} from '../testing/fixtures';

/**
 * Issue #14: facts the billing rules read, recorded through the api with their real (past) business dates,
 * as a practice moving its existing CCM patients onto the system does; the month the api serves derives
 * them from those events.
 */

type Role = 'admin' | 'practitioner' | 'care_manager' | 'biller';

interface MonthBody {
  billing: {
    facts: {
      billingPractitioner: Record<string, unknown>;
      patient: { qualifyingChronicConditionCount: number; isNewToBillingPractitioner: boolean };
      consent: { program: string; status: string; elementsExplained: string[] };
      carePlan: { status: string; activityThisMonth: string | null; electronic: boolean };
      initiatingVisit: { performedBy?: string; g0506PreviouslyBilled?: boolean; g0506PreviousDate?: string };
      pcmConditionAttestation?: Record<string, unknown>;
    };
    assumed: string[];
    decision: { codes: { code: string; units: number }[]; notBillable: { reason: string; rule: string }[] };
  };
}

describe('billing facts recorded through the api, back-dated (issue #14)', () => {
  let api: ReadApiHarness;
  const post = (path: string, role: Role, body: object) =>
    api.http
      .post(path)
      .set('Authorization', `Bearer ${api.token(role)}`)
      .send(body);
  const month = async (patientId: string, serviceMonth: string): Promise<MonthBody> => {
    await api.caughtUp();
    return (await api.get(`/patients/${patientId}/months/${serviceMonth}`, 'auditor').expect(200))
      .body as MonthBody;
  };
  const reasons = (body: MonthBody) => body.billing.decision.notBillable.map((n) => n.reason);
  const codes = (body: MonthBody) => body.billing.decision.codes.map((c) => `${c.code}x${c.units}`);

  /** An established CCM patient moved from another system: everything dated in 2025. */
  async function movedPatient(patientId: string, overrides: Record<string, unknown> = {}): Promise<void> {
    const enrol = enrolBody(patientId);
    await post('/patients', 'admin', {
      ...enrol,
      enrolledOn: '2025-10-01',
      conditions: enrol.conditions.map((c) => ({ ...c, attestedOn: '2025-09-15' })),
      ...overrides,
    }).expect(201);
    // Seen face to face by the billing practitioner before CCM started (INIT-1): billed outside this system.
    await post(`/patients/${patientId}/other-services`, 'biller', {
      serviceId: `${patientId}-ov`,
      code: '99214',
      date: '2025-09-15',
      practitionerId: 'dr-adams',
    }).expect(201);
    await post(
      `/patients/${patientId}/consent`,
      'practitioner',
      consentBody({ obtainedAt: '2025-10-01T09:00' }),
    ).expect(201);
  }

  beforeAll(async () => {
    api = await startReadApi({ readModels: 'sqlite', now: '2026-03-31T17:00:00Z' });
    await registerPractices(api);
  });
  afterAll(() => api.close());

  it('counts conditions attested in the past in the earlier months they were held, and bills them', async () => {
    await movedPatient('pt-moved');
    await post('/patients/pt-moved/care-plan', 'practitioner', {
      elements: carePlanElements,
      establishedOn: '2025-10-01',
    }).expect(201);
    await post('/patients/pt-moved/care-plan/shares', 'care_manager', {
      recipient: 'patient',
      method: 'portal',
      sharedOn: '2025-10-01',
    }).expect(201);
    for (const [id, date] of [
      ['n1', '2025-11-04'],
      ['n2', '2025-11-12'],
    ] as const) {
      await post(
        '/patients/pt-moved/time-entries',
        'care_manager',
        timeEntryBody(id, { serviceDate: date }),
      ).expect(201);
    }
    const november = await month('pt-moved', '2025-11');
    expect(november.billing.decision.notBillable).toEqual([]);
    expect(november.billing.facts.patient).toMatchObject({
      qualifyingChronicConditionCount: 2,
      isNewToBillingPractitioner: false,
    });
    expect(codes(november)).toEqual(['99490x1']);
    expect(november.billing.facts.carePlan).toMatchObject({
      activityThisMonth: 'monitored',
      electronic: true,
    });
    expect(november.billing.assumed).toContain('carePlan.activityThisMonth');
  });

  it('refuses an attestation before birth or in the future, naming the field, and records nothing', async () => {
    await movedPatient('pt-dates');
    await expectStreamUnchanged(api, 'pt-dates', async () => {
      const early = await post('/patients/pt-dates/conditions', 'practitioner', {
        icd10: 'J44.9',
        description: 'COPD',
        expectedDuration: '12_months_or_more',
        significantRisk: true,
        attestedOn: '1948-05-01',
      }).expect(422);
      expect(early.body.details.fields).toEqual(['condition.attestedOn']);
      const future = await post('/patients/pt-dates/conditions', 'practitioner', {
        icd10: 'J44.9',
        description: 'COPD',
        expectedDuration: '12_months_or_more',
        significantRisk: true,
        attestedOn: '2026-04-01',
      }).expect(422);
      expect(future.body.details.fields).toEqual(['condition.attestedOn']);
    });
  });

  it('records a plan review, which is the month’s plan activity instead of an inference', async () => {
    await movedPatient('pt-review');
    await post('/patients/pt-review/care-plan', 'practitioner', {
      elements: carePlanElements,
      establishedOn: '2025-10-01',
    }).expect(201);
    await post('/patients/pt-review/care-plan/reviews', 'care_manager', {
      reviewedOn: '2025-12-03',
      activity: 'implemented',
    }).expect(201);
    const december = await month('pt-review', '2025-12');
    expect(december.billing.facts.carePlan.activityThisMonth).toBe('implemented');
    expect(december.billing.assumed).not.toContain('carePlan.activityThisMonth');
    const bad = await post('/patients/pt-review/care-plan/reviews', 'care_manager', {
      reviewedOn: '2025-12-03',
      activity: 'glanced',
    }).expect(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['activity']);
  });

  it('records a draft by staff and a plan kept on paper; billing says why they do not count', async () => {
    await movedPatient('pt-draft');
    await post('/patients/pt-draft/care-plan', 'care_manager', {
      elements: carePlanElements,
      establishedOn: '2025-10-01',
    }).expect(201);
    await post(
      '/patients/pt-draft/time-entries',
      'care_manager',
      timeEntryBody('d1', { serviceDate: '2025-11-04', minutes: 25 }),
    ).expect(201);
    const draft = await month('pt-draft', '2025-11');
    expect(draft.billing.facts.carePlan.status).toBe('draft');
    expect(reasons(draft)).toContain('CARE_PLAN_NOT_ESTABLISHED_BY_PRACTITIONER');

    await movedPatient('pt-paper');
    await post('/patients/pt-paper/care-plan', 'practitioner', {
      elements: carePlanElements,
      establishedOn: '2025-10-01',
      electronic: false,
    }).expect(201);
    const paper = await month('pt-paper', '2025-11');
    expect(paper.billing.facts.carePlan).toMatchObject({ status: 'in_force', electronic: false });
  });

  it('records an initiating visit by an RN (99211); billing says it does not qualify', async () => {
    const enrol = enrolBody('pt-rn');
    await post('/patients', 'admin', {
      ...enrol,
      enrolledOn: '2025-10-01',
      conditions: enrol.conditions.map((c) => ({ ...c, attestedOn: '2025-10-01' })),
    }).expect(201);
    await post('/patients/pt-rn/initiating-visit', 'care_manager', {
      visitId: 'v-rn',
      visitDate: '2025-10-02',
      practitionerId: 'rn-lopez',
      visitCode: '99211',
      ccmDiscussed: true,
    }).expect(201);
    const stranger = await post('/patients/pt-rn/initiating-visit', 'care_manager', {
      visitId: 'v-x',
      visitDate: '2025-10-02',
      practitionerId: 'dr-nobody',
      visitCode: '99213',
      ccmDiscussed: true,
    }).expect(422);
    expect(stranger.body).toMatchObject({
      reason: 'PERFORMER_NOT_ON_ROSTER',
      details: { fields: ['practitionerId'] },
    });
    await post(
      '/patients/pt-rn/consent',
      'practitioner',
      consentBody({ obtainedAt: '2025-10-02T11:00' }),
    ).expect(201);
    const october = await month('pt-rn', '2025-10');
    expect(october.billing.facts.initiatingVisit.performedBy).toBe('rn-lopez');
    expect(reasons(october)).toContain('INITIATING_VISIT_NOT_QUALIFYING');
  });

  it('reads G0506 billed outside this system before the month, so it is not billed again (INIT-6)', async () => {
    await movedPatient('pt-g0506');
    await post('/patients/pt-g0506/other-services', 'biller', {
      serviceId: 'g0506-ext',
      code: 'G0506',
      date: '2025-09-15',
      practitionerId: 'dr-adams',
    }).expect(201);
    await post('/patients/pt-g0506/initiating-visit', 'practitioner', {
      visitId: 'v-g',
      visitDate: '2025-11-03',
      practitionerId: 'dr-adams',
      visitCode: '99214',
      ccmDiscussed: true,
      extensiveAssessmentAndCarePlanning: true,
    }).expect(201);
    const november = await month('pt-g0506', '2025-11');
    expect(november.billing.facts.initiatingVisit).toMatchObject({
      g0506PreviouslyBilled: true,
      g0506PreviousDate: '2025-09-15',
    });
    expect(codes(november)).not.toContain('G0506x1');
    expect(november.billing.assumed).not.toContain('initiatingVisit.g0506PreviouslyBilled');
  });

  it('bills PCM from the PCM attestation, the PCM consent and a disease-specific plan (PCM-1, PCM-3)', async () => {
    await post('/patients', 'admin', {
      ...enrolBody('pt-pcm'),
      enrolledOn: '2025-10-01',
      conditions: [{ ...enrolBody('pt-pcm').conditions[0], attestedOn: '2025-09-15' }],
    }).expect(201);
    await post('/patients/pt-pcm/other-services', 'biller', {
      serviceId: 'pcm-ov',
      code: '99214',
      date: '2025-09-15',
      practitionerId: 'dr-adams',
    }).expect(201);
    const attestation = {
      icd10: 'E11.9',
      attestedOn: '2025-10-01',
      expectedDurationMonthsAtLeast: 6,
      riskOfHospitalizationOrDecline: true,
      frequentMedicationAdjustment: true,
      ongoingCoordinationNeeded: true,
    };
    await expectStreamUnchanged(api, 'pt-pcm', async () => {
      const missing = await post('/patients/pt-pcm/pcm-attestations', 'practitioner', {
        ...attestation,
        icd10: 'I10',
      }).expect(422);
      expect(missing.body).toMatchObject({
        reason: 'CONDITION_NOT_ACTIVE',
        details: { fields: ['icd10'] },
      });
      const bad = await post('/patients/pt-pcm/pcm-attestations', 'practitioner', {
        ...attestation,
        expectedDurationMonthsAtLeast: 'six',
      }).expect(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual([
        'expectedDurationMonthsAtLeast',
      ]);
    });
    await post('/patients/pt-pcm/pcm-attestations', 'practitioner', attestation).expect(201);
    await post('/patients/pt-pcm/consent', 'practitioner', {
      ...consentBody({ obtainedAt: '2025-10-01T09:00' }),
      program: 'PCM',
    }).expect(201);
    await post('/patients/pt-pcm/track-policy', 'practitioner', {
      fromMonth: '2025-10',
      preferred: 'pcm_staff',
      fallback: null,
      reason: 'one high-risk condition',
    }).expect(201);
    await post('/patients/pt-pcm/care-plan', 'practitioner', {
      elements: carePlanElements,
      establishedOn: '2025-10-01',
      planType: 'disease_specific',
      focusCondition: 'E11.9',
    }).expect(201);
    await post('/patients/pt-pcm/care-plan/shares', 'care_manager', {
      recipient: 'patient',
      method: 'portal',
      sharedOn: '2025-10-01',
    }).expect(201);
    await post(
      '/patients/pt-pcm/time-entries',
      'care_manager',
      timeEntryBody('p1', {
        serviceDate: '2025-11-05',
        minutes: 31,
        program: 'PCM',
      }),
    ).expect(201);
    const november = await month('pt-pcm', '2025-11');
    expect(november.billing.facts.consent).toMatchObject({ program: 'PCM', status: 'active' });
    expect(november.billing.facts.pcmConditionAttestation).toEqual({
      expectedDurationMonthsAtLeast: 6,
      riskOfHospitalizationOrDecline: true,
      frequentMedicationAdjustment: true,
      ongoingCoordinationNeeded: true,
    });
    expect(november.billing.facts.carePlan.activityThisMonth).toBe('monitored');
    expect(codes(november)).toEqual(['99426x1']);
  });

  it('reads the billing practitioner’s specialty from the roster (informational)', async () => {
    const body = practiceBody();
    await api.http
      .put(`/practices/${body.practiceId}`)
      .set('Authorization', `Bearer ${api.token('admin')}`)
      .send({
        name: body.name,
        timeZone: body.timeZone,
        billingPractitioners: body.billingPractitioners.map((p) => ({ ...p, specialty: 'family_medicine' })),
        staff: body.staff,
      })
      .expect(200);
    await movedPatient('pt-specialty');
    const november = await month('pt-specialty', '2025-11');
    expect(november.billing.facts.billingPractitioner).toEqual({
      id: 'dr-adams',
      role: 'physician_qhp',
      credential: 'MD',
      specialty: 'family_medicine',
    });
  });
});
