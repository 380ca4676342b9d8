import { addDays, type Actor, type PatientCommand } from '@ccm/domain';
import { CLINICAL_STAFF } from './catalog';
import type { ClinicStep } from './generate-clinic';
import type { Random } from './random';

/** Night-time hours; 1-3 am are left out, as a daylight-saving change skips or repeats them. */
const NIGHT_HOURS = [19, 20, 21, 22, 23, 0, 4, 5, 6];
/** One extra contact for about every 19 of the base clinic's: about 5 % of all contacts. */
const AFTER_HOURS_PER_CONTACT = 1 / 19;
const DAY_MS = 86_400_000;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * A patient's designated care-team member and after-hours contacts, as a care team records them: the
 * nurse who works with the patient designated on the enrolment day, a change to another nurse for about
 * one patient in ten (about a third of those documented some days after it took effect), and inbound
 * contacts at night marked after hours, about 5 % of all contacts. Drawn after every other outcome draw,
 * so those stay what they were; the base clinic's contacts are left as they are.
 */
export function planCareTeam(
  patient: {
    readonly patientId: string;
    readonly enrolDay: string;
    readonly lastDay: string;
    readonly nurse: Actor;
  },
  steps: readonly ClinicStep[],
  random: Random,
): ClinicStep[] {
  const { patientId, enrolDay, lastDay, nurse } = patient;
  const out: ClinicStep[] = [];
  const push = (at: string, command: PatientCommand) => out.push({ actor: nurse, at, command });
  push(`${enrolDay}T17:06`, {
    type: 'DesignateCareTeamMember',
    data: {
      designationId: `${patientId}-des-1`,
      memberId: nurse.userId,
      effectiveOn: enrolDay,
      reason: 'Nurse care manager at enrolment',
    },
  });
  const span = Math.round((Date.parse(lastDay) - Date.parse(enrolDay)) / DAY_MS);
  if (span >= 1 && random.chance(0.1)) {
    const effectiveOn = addDays(enrolDay, random.int(1, span));
    const recordedOn = random.chance(0.35) ? addDays(effectiveOn, random.int(3, 25)) : effectiveOn;
    const others = CLINICAL_STAFF.filter((id) => id !== nurse.userId);
    push(`${recordedOn < lastDay ? recordedOn : lastDay}T16:30`, {
      type: 'DesignateCareTeamMember',
      data: {
        designationId: `${patientId}-des-2`,
        memberId: random.pick(others),
        effectiveOn,
        reason: random.pick(['Nurse moved to another panel', 'Patient asked for another nurse']),
      },
    });
  }
  let n = 0;
  for (const step of steps) {
    if (step.command.type !== 'RecordContact' || !random.chance(AFTER_HOURS_PER_CONTACT)) continue;
    const day = addDays(step.at.slice(0, 10), random.int(1, 7));
    const at = `${day}T${pad(random.pick(NIGHT_HOURS))}:${pad(random.int(0, 11) * 5)}`;
    const caregiver = random.chance(0.2);
    if (day > lastDay) continue;
    push(at, {
      type: 'RecordContact',
      data: {
        contactId: `${patientId}-ah-${++n}`,
        channel: random.chance(0.85) ? 'phone' : 'secure_message',
        direction: 'inbound',
        party: caregiver ? 'caregiver' : 'patient',
        occurredAt: at,
        outcome: 'completed',
        summary: 'Urgent concern handled by the on-call line',
        afterHours: true,
      },
    });
  }
  return out;
}
