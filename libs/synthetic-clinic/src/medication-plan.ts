import { addDays, type Actor, type PatientCommand } from '@ccm/domain';
import type { ClinicStep } from './generate-clinic';
import type { Random } from './random';

const MEDICATIONS = [
  { name: 'Lisinopril', dose: '10 mg', frequency: 'once daily' },
  { name: 'Metformin', dose: '500 mg', frequency: 'twice daily' },
  { name: 'Atorvastatin', dose: '20 mg', frequency: 'once daily' },
  { name: 'Furosemide', dose: '40 mg', frequency: 'once daily' },
  { name: 'Amlodipine', dose: '5 mg', frequency: 'once daily' },
] as const;

/**
 * A patient's medication list (two or three at enrolment), a reconciliation after most discharges (about
 * three in four, most within 30 days, some later) and an overall adherence check in about half the months,
 * as a care team records them. Drawn after every other outcome draw, so those stay what they were.
 */
export function planMedications(
  patient: {
    readonly patientId: string;
    readonly enrolDay: string;
    readonly lastDay: string;
    readonly nurse: Actor;
  },
  outcomes: readonly ClinicStep[],
  months: number,
  random: Random,
): ClinicStep[] {
  const { patientId, enrolDay, lastDay, nurse } = patient;
  const out: ClinicStep[] = [];
  const push = (at: string, command: PatientCommand) => out.push({ actor: nurse, at, command });
  const listed = random.int(2, 3);
  const ids: string[] = [];
  for (let i = 0; i < listed; i++) {
    const medication = MEDICATIONS[(random.int(0, MEDICATIONS.length - 1) + i) % MEDICATIONS.length];
    const medicationId = `${patientId}-med-${i}`;
    ids.push(medicationId);
    push(`${enrolDay}T23:5${i}`, {
      type: 'AddMedication',
      data: {
        medicationId,
        ...medication,
        route: 'oral',
        prescriber: 'dr-outside',
        startedOn: addDays(enrolDay, -random.int(30, 700)),
      },
    });
  }
  const discharges = outcomes.flatMap((s) =>
    s.command.type === 'RecordHospitalDischarge' ? [s.command.data.discharge] : [],
  );
  discharges.forEach((discharge, n) => {
    if (!random.chance(0.75)) return;
    const day = addDays(discharge, random.chance(0.85) ? random.int(0, 25) : random.int(31, 45));
    if (day > lastDay) return;
    push(`${day}T15:00`, {
      type: 'ReconcileMedications',
      data: {
        reconciliationId: `${patientId}-rec-${n}`,
        reconciledBy: nurse.userId,
        reconciledOn: day,
        source: 'discharge',
        interactionsReviewed: true,
        changes: ids.map((medicationId) => ({ medicationId, action: 'continued' as const })),
        discrepancies: random.chance(0.3)
          ? [
              {
                kind: 'dose',
                medicationId: ids[0],
                description: 'Discharge list dose differs',
                resolved: true,
              },
            ]
          : [],
      },
    });
  });
  for (let m = 0; m < months; m++) {
    const day = addDays(enrolDay, m * 30 + random.int(5, 25));
    if (day > lastDay || !random.chance(0.5)) continue;
    const finding = random.weighted([
      ['adherent', 65],
      ['partially_adherent', 20],
      ['non_adherent', 10],
      ['unknown', 5],
    ] as const);
    push(`${day}T11:00`, {
      type: 'CheckAdherence',
      data: {
        checkId: `${patientId}-adh-${m}`,
        medicationId: null,
        checkedOn: day,
        method: 'reported',
        measure: 'patient_report',
        finding,
      },
    });
  }
  return out;
}
