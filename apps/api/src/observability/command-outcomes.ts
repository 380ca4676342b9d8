import { EventStoreUnavailableError } from '@ccm/event-store';
import { safeName, type CcmMetrics, type CommandResult } from '@ccm/observability';
import { CommandRefusedError, ConcurrencyConflictError, type CommandOutcome } from '@ccm/record';

/**
 * Counts a command under its type and how it ended: accepted, replayed (an idempotent repeat), refused
 * with the domain's reason code, conflict (revision), unavailable (event store) or failed (error type).
 * `commandType` is asked at the end: a command built from the patient's time zone is named only once built.
 */
export async function countCommand(
  metrics: CcmMetrics,
  commandType: () => string | undefined,
  run: () => Promise<CommandOutcome>,
): Promise<CommandOutcome> {
  try {
    const outcome = await run();
    metrics.countCommand(commandType() ?? 'unknown', outcome.alreadyApplied ? 'replayed' : 'accepted');
    return outcome;
  } catch (error) {
    const [result, reason] = classify(error);
    metrics.countCommand(commandType() ?? 'unknown', result, reason);
    throw error;
  }
}

function classify(error: unknown): [CommandResult, string] {
  if (error instanceof CommandRefusedError) return ['refused', error.refusal.code];
  if (error instanceof ConcurrencyConflictError) return ['conflict', 'REVISION_CONFLICT'];
  if (error instanceof EventStoreUnavailableError) return ['unavailable', 'EVENT_STORE_UNAVAILABLE'];
  return ['failed', safeName(error instanceof Error ? error.name : undefined)];
}
