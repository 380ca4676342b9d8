import type {
  MonthAfterHoursAccess,
  MonthContact,
  MonthDesignation,
  PatientMonthDocument,
} from '@ccm/patient-months';
import { esc, facts, orNone, section, table, yesNo } from './html-parts';

/**
 * Continuity and 24/7 access in the month (the program guide): who the patient's designated care-team
 * member was, how the practice covered the hours it is closed, and the contacts made after hours.
 */
export interface CareTeamAccessEvidence {
  readonly designatedCareTeamMember: MonthDesignation;
  readonly afterHoursAccess: MonthAfterHoursAccess;
  /** The month's contacts marked after hours: how the patient reached the team at night. */
  readonly afterHoursContacts: readonly MonthContact[];
}

export const careTeamAccessEvidence = (document: PatientMonthDocument): CareTeamAccessEvidence => ({
  designatedCareTeamMember: document.designatedCareTeamMember,
  afterHoursAccess: document.afterHoursAccess,
  afterHoursContacts: document.contacts.filter((c) => c.afterHours === true),
});

const words = (snake: string): string => snake.replace(/_/g, ' ');

export function renderCareTeamAccess(e: CareTeamAccessEvidence): string {
  const d = e.designatedCareTeamMember;
  const a = e.afterHoursAccess;
  return section(
    'care-team-access',
    'Care team and after-hours access',
    facts([
      [
        'Designated care-team member at month end',
        d.asOfMonthEnd ? esc(`${d.asOfMonthEnd.memberId}, since ${d.asOfMonthEnd.effectiveOn}`) : '—',
      ],
      ['After-hours access with the record all month', yesNo(a.withRecordAccessWholeMonth)],
    ]) +
      `<h3>Designation changes in the month</h3>${table(
        ['Effective', 'From', 'To', 'Recorded by', 'Revision'],
        d.changesInMonth.map((c) => [
          esc(c.effectiveOn),
          orNone(c.from),
          esc(c.memberId),
          esc(c.recordedBy),
          esc(c.revision),
        ]),
        'No change in the month.',
      )}` +
      `<h3>After-hours arrangements</h3>${table(
        ['From', 'Until', 'Covered by', 'Means', 'Record access'],
        a.periods.map((p) => [
          esc(p.from),
          esc(p.until),
          p.arrangement
            ? esc(
                [
                  ...p.arrangement.coveredBy.staffIds,
                  ...(p.arrangement.coveredBy.service ? [p.arrangement.coveredBy.service] : []),
                ].join(', '),
              )
            : '<strong class="bad">none arranged</strong>',
          p.arrangement ? esc(p.arrangement.means.map(words).join(', ')) : '—',
          p.arrangement ? yesNo(p.arrangement.recordAccess) : '—',
        ]),
        'No after-hours access recorded.',
      )}` +
      `<h3>After-hours contacts</h3>${table(
        ['Contact', 'When', 'Channel', 'Direction', 'Outcome', 'Recorded by'],
        e.afterHoursContacts.map((c) => [
          esc(c.contactId),
          esc(c.occurredAt),
          esc(words(c.channel)),
          esc(c.direction),
          esc(words(c.outcome)),
          esc(c.recordedBy),
        ]),
        'No after-hours contact in the month.',
      )}`,
  );
}
