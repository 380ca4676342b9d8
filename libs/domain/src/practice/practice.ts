import { accept, refuse, type Decision } from '../shared/decision';
import { isId, isValidNpi } from '../shared/ids';
import { isValidTimeZone } from '../shared/local-time';
import {
  afterHoursRecordOf,
  decideAfterHoursAccess,
  isAfterHoursCommand,
  type AfterHoursAccessCommand,
  type AfterHoursAccessEvent,
  type AfterHoursAccessRecord,
  type PracticeDecisionContext,
} from './after-hours-access';
import {
  billingSetupRecordOf,
  decideBillingSetup,
  isBillingSetupCommand,
  type BillingSetupCommand,
  type BillingSetupEvent,
  type BillingSetupRecord,
} from './billing-setup';

export const STAFF_ROLES = ['clinical_staff', 'non_clinical_staff', 'practitioner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export interface BillingPractitioner {
  readonly id: string;
  readonly npi: string;
  /** MD, DO, NP, PA, CNS, CNM. */
  readonly credential: string;
  /** family_medicine, internal_medicine, cardiology... Informational (PRAC-1 reads the role, not this). */
  readonly specialty?: string;
}

export interface StaffMember {
  readonly id: string;
  readonly role: StaffRole;
  /** RN, LPN, CMA, MD, scheduler... Informational. */
  readonly credential: string;
}

export interface PracticeProfile {
  readonly name: string;
  /** IANA zone: calendar months are the practice's local months. */
  readonly timeZone: string;
  readonly billingPractitioners: readonly BillingPractitioner[];
  readonly staff: readonly StaffMember[];
}

export type PracticeEvent =
  | { readonly type: 'PracticeRegistered'; readonly data: PracticeProfile & { readonly practiceId: string } }
  | { readonly type: 'PracticeUpdated'; readonly data: PracticeProfile & { readonly practiceId: string } }
  | AfterHoursAccessEvent
  | BillingSetupEvent;

export type PracticeCommand =
  | { readonly type: 'RegisterPractice'; readonly data: PracticeProfile & { readonly practiceId: string } }
  | { readonly type: 'UpdatePractice'; readonly data: PracticeProfile & { readonly practiceId: string } }
  | AfterHoursAccessCommand
  | BillingSetupCommand;

/** The stable names written into the practice stream. */
export const PRACTICE_EVENT_TYPES = [
  'PracticeRegistered',
  'PracticeUpdated',
  'AfterHoursAccessArranged',
  'AfterHoursAccessChanged',
  'AfterHoursAccessEnded',
  'BillingSetupRecorded',
] as const satisfies readonly PracticeEvent['type'][];

export type PracticeState =
  | { readonly status: 'unregistered'; readonly version: number }
  | ({
      readonly status: 'registered';
      readonly practiceId: string;
      readonly version: number;
      /** 24/7 access arrangements in recording order; absent until the first. */
      readonly afterHoursAccess?: readonly AfterHoursAccessRecord[];
      /** Billing setups for claim files, in recording order; absent until the first. */
      readonly billingSetups?: readonly BillingSetupRecord[];
    } & PracticeProfile);

export const initialPracticeState: PracticeState = { status: 'unregistered', version: 0 };

/** How a roster member's minutes are classified by the time rules (TIME-3, TIME-6, TIME-7). */
export type PerformerRole = 'clinical_staff' | 'physician_qhp' | 'non_clinical_staff';

export function performerRoleOf(practice: PracticeState, memberId: string): PerformerRole | undefined {
  if (practice.status !== 'registered') return undefined;
  if (practice.billingPractitioners.some((p) => p.id === memberId)) return 'physician_qhp';
  const member = practice.staff.find((s) => s.id === memberId);
  if (!member) return undefined;
  return member.role === 'practitioner' ? 'physician_qhp' : member.role;
}

export function isBillingPractitioner(practice: PracticeState, id: string): boolean {
  return practice.status === 'registered' && practice.billingPractitioners.some((p) => p.id === id);
}

export const isOnRoster = (practice: PracticeState, id: string): boolean =>
  performerRoleOf(practice, id) !== undefined;

function profileProblems(profile: PracticeProfile & { practiceId: string }): string[] {
  const problems: string[] = [];
  if (!isId(profile.practiceId)) problems.push('practiceId');
  if (profile.name.trim().length === 0) problems.push('name');
  if (!isValidTimeZone(profile.timeZone)) problems.push('timeZone');
  if (profile.billingPractitioners.length === 0) problems.push('billingPractitioners');
  profile.billingPractitioners.forEach((p, i) => {
    if (!isId(p.id)) problems.push(`billingPractitioners[${i}].id`);
    if (!isValidNpi(p.npi)) problems.push(`billingPractitioners[${i}].npi`);
  });
  profile.staff.forEach((s, i) => {
    if (!isId(s.id)) problems.push(`staff[${i}].id`);
  });
  const ids = [...profile.billingPractitioners.map((p) => p.id), ...profile.staff.map((s) => s.id)];
  const duplicates = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (duplicates.length > 0) problems.push(`duplicate roster ids: ${[...new Set(duplicates)].join(', ')}`);
  const npis = profile.billingPractitioners.map((p) => p.npi);
  if (new Set(npis).size !== npis.length) problems.push('duplicate NPIs');
  return problems;
}

export function decidePractice(
  command: PracticeCommand,
  state: PracticeState,
  context: PracticeDecisionContext,
): Decision<PracticeEvent> {
  if (isAfterHoursCommand(command)) {
    if (state.status !== 'registered') return refuse('PRACTICE_NOT_FOUND', 'No such practice.');
    return decideAfterHoursAccess(command, state, context);
  }
  if (isBillingSetupCommand(command)) {
    if (state.status !== 'registered') return refuse('PRACTICE_NOT_FOUND', 'No such practice.');
    return decideBillingSetup(command, state.billingSetups ?? [], context);
  }
  const problems = profileProblems(command.data);
  if (problems.length > 0) {
    return refuse('PRACTICE_PROFILE_INVALID', 'The practice profile is not valid.', { fields: problems });
  }
  switch (command.type) {
    case 'RegisterPractice':
      if (state.status === 'registered') {
        return refuse(
          'PRACTICE_ALREADY_REGISTERED',
          'This practice is already registered; update it instead.',
        );
      }
      return accept({ type: 'PracticeRegistered', data: command.data });
    case 'UpdatePractice':
      if (state.status !== 'registered') return refuse('PRACTICE_NOT_FOUND', 'No such practice.');
      // The id names the stream and is stamped on every enrolment: an update cannot change it.
      if (command.data.practiceId !== state.practiceId) {
        return refuse('PRACTICE_PROFILE_INVALID', 'A practice keeps its id.', { fields: ['practiceId'] });
      }
      return accept({ type: 'PracticeUpdated', data: command.data });
  }
}

export function evolvePractice(state: PracticeState, event: PracticeEvent): PracticeState {
  switch (event.type) {
    case 'BillingSetupRecorded':
      if (state.status !== 'registered') return { ...state, version: state.version + 1 };
      return {
        ...state,
        version: state.version + 1,
        billingSetups: [...(state.billingSetups ?? []), billingSetupRecordOf(event, state.version)],
      };
    case 'AfterHoursAccessArranged':
    case 'AfterHoursAccessChanged':
    case 'AfterHoursAccessEnded':
      if (state.status !== 'registered') return { ...state, version: state.version + 1 };
      return {
        ...state,
        version: state.version + 1,
        afterHoursAccess: [...(state.afterHoursAccess ?? []), afterHoursRecordOf(event, state.version)],
      };
    case 'PracticeRegistered':
    case 'PracticeUpdated':
      return {
        status: 'registered',
        version: state.version + 1,
        practiceId: event.data.practiceId,
        name: event.data.name,
        timeZone: event.data.timeZone,
        billingPractitioners: event.data.billingPractitioners,
        staff: event.data.staff,
        ...(state.status === 'registered' && state.afterHoursAccess
          ? { afterHoursAccess: state.afterHoursAccess }
          : {}),
        ...(state.status === 'registered' && state.billingSetups
          ? { billingSetups: state.billingSetups }
          : {}),
      };
  }
}
