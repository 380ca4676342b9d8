import { addDays, MBI_LETTERS, type Actor, type Demographics, type PatientCommand } from '@ccm/domain';
import { AREA_CODE, FAMILY_NAMES, GIVEN_NAMES, STREETS, TOWNS } from './catalog';
import type { ClinicStep, PatientPlan } from './generate-clinic';
import type { Random } from './random';

/** Mixed into a patient's generator so the demographic draws never change the draws of their care. */
export const DEMOGRAPHICS_SALT = 0xde70;

const DIGITS = '0123456789';
const LETTERS_OR_DIGITS = `${MBI_LETTERS}${DIGITS}`;
const DAY_MS = 86_400_000;

/** How many people syntheticMbi tells apart: 20 x 20 x 20 letters and 100 pairs of digits. */
export const SYNTHETIC_MBI_PEOPLE = 800_000;

/**
 * A valid MBI (mbi.ts) that no other person of the clinic holds: `person` (0, 1, 2...: the patients;
 * the candidates never enrolled count down from the last) is shuffled one to one over
 * SYNTHETIC_MBI_PEOPLE (by a multiplier prime to it), so that neighbours do not look alike, and written
 * in positions 5, 8, 9, 10 and 11; the other positions are drawn, as CMS draws them. A replacement card
 * keeps `person` and draws the rest again.
 */
export function syntheticMbi(person: number, random: Random): string {
  const shuffled = (person * 7919 + 104_729) % SYNTHETIC_MBI_PEOPLE;
  const letter = (n: number) => MBI_LETTERS[n % MBI_LETTERS.length];
  const rest = Math.floor(shuffled / 100);
  return [
    random.pick([...'123456789']),
    random.pick([...MBI_LETTERS]),
    random.pick([...LETTERS_OR_DIGITS]),
    random.pick([...DIGITS]),
    letter(Math.floor(rest / 400)),
    random.pick([...LETTERS_OR_DIGITS]),
    random.pick([...DIGITS]),
    letter(Math.floor(rest / 20)),
    letter(rest),
    String(shuffled % 100).padStart(2, '0'),
  ].join('');
}

/** A name, sex, address and phone for a person born on `dateOfBirth`: obviously synthetic. */
export function syntheticPerson(person: number, dateOfBirth: string, random: Random): Demographics {
  const sex = random.chance(0.55) ? 'female' : 'male';
  const given = [random.pick(GIVEN_NAMES[sex])];
  if (random.chance(0.3)) given.push(random.pick(GIVEN_NAMES[sex]));
  return {
    name: { given, family: random.pick(FAMILY_NAMES) },
    dateOfBirth,
    sex,
    mbi: syntheticMbi(person, random),
    address: syntheticAddress(random),
    phone: syntheticPhone(random),
  };
}

function syntheticAddress(random: Random): Demographics['address'] {
  const town = random.pick(TOWNS);
  const street = `${random.int(10, 4999)} ${random.pick(STREETS)}`;
  return {
    lines: random.chance(0.2) ? [street, `Apt ${random.int(1, 40)}`] : [street],
    city: town.city,
    state: town.state,
    postalCode: random.chance(0.3) ? `${town.zip}${String(random.int(1, 9999)).padStart(4, '0')}` : town.zip,
  };
}

const syntheticPhone = (random: Random): string =>
  `${AREA_CODE}55501${String(random.int(0, 99)).padStart(2, '0')}`;

/**
 * The patient's demographics, recorded by the admin on the enrolment day with the enrolment's date of
 * birth, and for about one patient in twelve a correction some days later (a new Medicare card, a move,
 * a new phone), never after the care team's last day with the patient. Drawn from a generator of its own,
 * so the rest of the patient's plan is what it was.
 */
export function planDemographics(
  plan: PatientPlan,
  person: number,
  lastDay: string,
  random: Random,
): ClinicStep[] {
  const [enrol] = plan.steps;
  if (enrol?.command.type !== 'EnrollPatient') return [];
  const enrolDay = enrol.at.slice(0, 10);
  const admin: Actor = enrol.actor;
  const demographics = syntheticPerson(person, enrol.command.data.dateOfBirth, random);
  const steps: ClinicStep[] = [
    { actor: admin, at: `${enrolDay}T08:05`, command: { type: 'RecordDemographics', data: demographics } },
  ];
  const withdrawal = plan.steps.find((s) => s.command.type === 'WithdrawConsent');
  const until = withdrawal ? withdrawal.at.slice(0, 10) : lastDay;
  const span = Math.round((Date.parse(until) - Date.parse(enrolDay)) / DAY_MS);
  if (span < 2 || !random.chance(1 / 12)) return steps;
  const day = addDays(enrolDay, random.int(1, span - 1));
  const kind = random.pick(['mbi', 'address', 'phone'] as const);
  let correction: Extract<PatientCommand, { type: 'CorrectDemographics' }>['data'];
  if (kind === 'mbi') {
    let mbi = syntheticMbi(person, random);
    while (mbi === demographics.mbi) mbi = syntheticMbi(person, random);
    correction = { correctionId: `${plan.patientId}-dc-1`, mbi, reason: 'New Medicare card' };
  } else if (kind === 'address') {
    let address = syntheticAddress(random);
    while (address.lines[0] === demographics.address.lines[0]) address = syntheticAddress(random);
    correction = { correctionId: `${plan.patientId}-dc-1`, address, reason: 'Patient moved' };
  } else {
    let phone = syntheticPhone(random);
    while (phone === demographics.phone) phone = syntheticPhone(random);
    correction = { correctionId: `${plan.patientId}-dc-1`, phone, reason: 'New phone number' };
  }
  steps.push({
    actor: admin,
    at: `${day}T10:30`,
    command: { type: 'CorrectDemographics', data: correction },
  });
  return steps;
}
