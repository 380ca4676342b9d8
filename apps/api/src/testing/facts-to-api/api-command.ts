import type { UserRole } from '@ccm/domain';

/** One request of a recording: who sends what where, and which facts it records (for failure messages). */
export interface ApiCommand {
  /** Fact paths this request records. */
  readonly records: string;
  readonly role: UserRole;
  /** The token's user; the role's default user otherwise. */
  readonly userId?: string;
  readonly path: string;
  readonly body: Record<string, unknown>;
}

/** Builds the commands of one patient: paths under `/patients/{patientId}`. */
export class CommandList {
  readonly commands: ApiCommand[] = [];

  constructor(private readonly patientId: string) {}

  /** `path` starting with `/` is absolute; otherwise it is under the patient. */
  add(records: string, role: UserRole, path: string, body: Record<string, unknown>, userId?: string): void {
    const full = path.startsWith('/') ? path : `/patients/${this.patientId}/${path}`;
    this.commands.push({ records, role, path: full, body, ...(userId ? { userId } : {}) });
  }
}

/** Commands that must keep their order: a consent's decisions, a plan and its work, an entry and its changes. */
function groupOf(command: ApiCommand, index: number): string {
  const under = command.path.replace(/^\/patients\/[^/]+\/?/, '');
  if (command.path === '/practices' || command.path === '/patients') return 'first';
  if (under.startsWith('consent')) return 'consent';
  if (under.startsWith('care-plan')) return 'care-plan';
  if (under.startsWith('rpm/')) return 'rpm';
  if (under.startsWith('rtm/')) return 'rtm';
  if (under === 'time-entries') return `time:${String(command.body.entryId)}`;
  const entry = /^time-entries\/([^/]+)\//.exec(under);
  if (entry) return `time:${entry[1]}`;
  return `own:${index}`;
}

/**
 * The same commands in another order a practice could have recorded them in (documentation arrives late
 * and in any order): the practice and the enrolment first, each group in its own order, groups interleaved
 * by `seed`.
 */
export function interleave(commands: readonly ApiCommand[], seed: number): ApiCommand[] {
  const groups = new Map<string, ApiCommand[]>();
  commands.forEach((c, i) => {
    const key = groupOf(c, i);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  });
  const out = groups.get('first') ?? [];
  groups.delete('first');
  const queues = [...groups.values()];
  let s = seed >>> 0;
  while (queues.length > 0) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const i = s % queues.length;
    out.push(queues[i].shift()!);
    if (queues[i].length === 0) queues.splice(i, 1);
  }
  return out;
}
