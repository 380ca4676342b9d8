import type { PracticeState } from '../practice/practice';
import type { LocalDate, LocalDateTime } from '../shared/local-time';

/** What a patient decision needs from outside the stream; the application supplies it. */
export interface DecisionContext {
  readonly practice: PracticeState & { readonly status: 'registered' };
  /** The practice's wall clock now: nothing can have happened after it. */
  readonly nowLocal: LocalDateTime;
  readonly actorId: string;
}

export const todayOf = (context: DecisionContext): LocalDate => context.nowLocal.slice(0, 10);
