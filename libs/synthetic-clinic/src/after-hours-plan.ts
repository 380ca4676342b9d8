import { addDays, type AfterHoursAccessCommand, type AfterHoursArrangement } from '@ccm/domain';
import { CLINICAL_STAFF, PRACTITIONERS } from './catalog';
import { clinicMonths, type ClinicOptions } from './generate-clinic';
import { Random } from './random';

/** Mixed into the clinic's seed so the practice's draws never change those of its patients. */
export const AFTER_HOURS_SALT = 0x2407;

const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * The practice's 24/7 access as its admin records it on the practice stream, in recording order: an
 * arrangement effective before the clinic's first month (a practitioner and two nurses on call beside a
 * named nurse line, by phone line and on-call clinician, with access to the record). In about one clinic
 * in four (by seed) the covering service lost access to the record for some days of a month; in about
 * one in four the arrangement ended and a new one began a few days later in the same month.
 */
export function planAfterHoursAccess(options: ClinicOptions): AfterHoursAccessCommand[] {
  const random = new Random(options.seed).fork(AFTER_HOURS_SALT);
  const { practiceId, lastDay } = options;
  const months = clinicMonths(lastDay, options.months);
  const nurse = random.int(0, CLINICAL_STAFF.length - 1);
  const staffIds = [
    random.pick(PRACTITIONERS).id,
    CLINICAL_STAFF[nurse],
    CLINICAL_STAFF[(nurse + 1) % CLINICAL_STAFF.length],
  ];
  const arrangement = (service: string, recordAccess: boolean): AfterHoursArrangement => ({
    coveredBy: { staffIds, service },
    means: ['phone_line', 'on_call_clinician'],
    recordAccess,
  });
  const arrange = (n: number, effectiveOn: string, service: string, recordAccess: boolean) => ({
    type: 'ArrangeAfterHoursAccess' as const,
    data: { practiceId, changeId: `ah-${n}`, effectiveOn, ...arrangement(service, recordAccess) },
  });
  const nurseLine = 'Demo After-Hours Nurse Line';
  const commands: AfterHoursAccessCommand[] = [
    arrange(1, addDays(`${months[0]}-01`, -random.int(1, 60)), nurseLine, true),
  ];
  const variant = random.weighted([
    ['steady', 2],
    ['record_access_lapse', 1],
    ['ended_then_new', 1],
  ] as const);
  // A part of one month: from a day early in it to a day before its end, both already past.
  const month = months[random.int(0, months.length - 1)];
  const from = `${month}-${pad(random.int(3, 15))}`;
  const until = addDays(from, random.int(2, 10));
  if (variant === 'steady' || until > lastDay) return commands;
  if (variant === 'record_access_lapse') {
    commands.push(arrange(2, from, nurseLine, false), arrange(3, until, nurseLine, true));
  } else {
    commands.push(
      {
        type: 'EndAfterHoursAccess',
        data: { practiceId, changeId: 'ah-2', effectiveOn: from, reason: 'Covering service contract ended' },
      },
      arrange(3, until, 'Regional On-Call Partners', true),
    );
  }
  return commands;
}
