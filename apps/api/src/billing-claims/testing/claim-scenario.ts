import type { ApiHarness } from '../../testing/api-harness';
import { enrolledPatient, timeEntryBody } from '../../testing/fixtures';

/** The setup a test records, as sent (a tax id with its dash, a ZIP+4 with its dash). */
export const billingSetupBody = (overrides: Record<string, unknown> = {}) => ({
  setupId: 'bs-jan',
  effectiveFrom: '2026-01-01',
  billingProvider: {
    organisationName: 'Riverside Family Medicine',
    npi: '1245319599',
    taxId: '12-3456789',
    address: { lines: ['100 Main St'], city: 'Riverside', state: 'CA', postalCode: '92501-1234' },
    phone: '(951) 555-0100',
  },
  placeOfService: '11',
  payer: { name: 'Noridian JE Part B', id: '01112' },
  fees: [{ code: '99490', chargeCents: 9000 }],
  ...overrides,
});

export const demographicsBody = (overrides: Record<string, unknown> = {}) => ({
  name: { given: ['Wilhelmina', 'Rose'], family: 'Quackenbush' },
  dateOfBirth: '1939-07-21',
  sex: 'female',
  mbi: '1EG4-TE5-MK73',
  address: { lines: ['77 Juniper Hollow Rd', 'Apt 9Q'], city: 'Yucaipa', state: 'CA', postalCode: '92399' },
  phone: '(909) 555-0187',
  ...overrides,
});

/**
 * A patient whose March 2026 bills through the api: enrolled and consented, care plan established and
 * shared (PLAN-3), an initiating visit (INIT-1), and `minutes` of clinical staff time in entries of 12.
 */
export async function billableInMarch(api: ApiHarness, patientId: string, minutes: number): Promise<void> {
  await enrolledPatient(api, patientId, { carePlan: true });
  await api.http
    .post(`/patients/${patientId}/initiating-visit`)
    .set('Authorization', `Bearer ${api.token('practitioner')}`)
    .send({ visitDate: '2026-02-27', practitionerId: 'dr-adams', visitCode: '99214', ccmDiscussed: true })
    .expect(201);
  await api.http
    .post(`/patients/${patientId}/care-plan/shares`)
    .set('Authorization', `Bearer ${api.token('care_manager')}`)
    .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-02' })
    .expect(201);
  for (let day = 3, left = minutes; left > 0; day++, left -= 12) {
    await api.http
      .post(`/patients/${patientId}/time-entries`)
      .set('Authorization', `Bearer ${api.token('care_manager')}`)
      .send(
        timeEntryBody(`${patientId}-t${day}`, {
          serviceDate: `2026-03-${String(day).padStart(2, '0')}`,
          minutes: Math.min(12, left),
        }),
      )
      .expect(201);
  }
}

export async function recordDemographics(api: ApiHarness, patientId: string, overrides = {}): Promise<void> {
  await api.http
    .post(`/patients/${patientId}/demographics`)
    .set('Authorization', `Bearer ${api.token('admin')}`)
    .send(demographicsBody(overrides))
    .expect(201);
}
