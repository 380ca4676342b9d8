import type { ApiHarness } from './api-harness';
import { enrolledPatient, timeEntryBody } from './fixtures';

export const EVIDENCE_PATIENT = 'pt-evidence';
export const EVIDENCE_MONTH = '2026-03';

/**
 * A month an auditor would ask about: consent on the 2nd (so time on the 1st does not count, CONS-1),
 * a care plan shared, a visit, time by the nurse with one correction, another service in the month,
 * the claim submitted on the 31st, then an entry voided two days later: amended after submission.
 */
export async function billedThenAmendedMonth(api: ApiHarness): Promise<void> {
  const careManager = `Bearer ${api.token('care_manager')}`;
  const practitioner = `Bearer ${api.token('practitioner')}`;
  const patient = EVIDENCE_PATIENT;
  await enrolledPatient(api, patient, { carePlan: true });
  await api.http
    .post(`/patients/${patient}/initiating-visit`)
    .set('Authorization', practitioner)
    .send({ visitDate: '2026-02-27', practitionerId: 'dr-adams', visitCode: '99214', ccmDiscussed: true })
    .expect(201);
  await api.http
    .post(`/patients/${patient}/care-plan/shares`)
    .set('Authorization', careManager)
    .send({ recipient: 'patient', method: 'portal', sharedOn: '2026-03-02' })
    .expect(201);
  for (const [entryId, serviceDate, startTime, minutes] of [
    ['ev-early', '2026-03-01', '09:00', 5],
    ['ev-1', '2026-03-03', '10:00', 12],
    ['ev-2', '2026-03-05', '11:00', 10],
  ] as const) {
    await api.http
      .post(`/patients/${patient}/time-entries`)
      .set('Authorization', careManager)
      .send(timeEntryBody(entryId, { serviceDate, startTime, minutes }))
      .expect(201);
  }
  await api.http
    .post(`/patients/${patient}/time-entries/ev-2/corrections`)
    .set('Authorization', careManager)
    .send({ minutes: 14, reason: 'Duration taken from the phone log' })
    .expect(201);
  await api.http
    .post(`/patients/${patient}/other-services`)
    .set('Authorization', `Bearer ${api.token('biller')}`)
    .send({ serviceId: 'svc-em', code: '99213', date: '2026-03-10', practitionerId: 'dr-adams' })
    .expect(201);
  await api.http
    .post(`/patients/${patient}/months/${EVIDENCE_MONTH}/claim`)
    .set('Authorization', `Bearer ${api.token('biller')}`)
    .expect(201);
  api.clock.set('2026-04-02T15:00:00Z');
  await api.http
    .post(`/patients/${patient}/time-entries/ev-1/void`)
    .set('Authorization', `Bearer ${api.token('care_manager')}`)
    .send({ reason: 'Logged against the wrong patient' })
    .expect(201);
}
