import type { VersionRef } from './read-model-store';

/** The version was dropped (a rebuild switched and cleaned up): readers look up the active one again. */
export class VersionNotFoundError extends Error {
  override readonly name = 'VersionNotFoundError';
  constructor(readonly ref: VersionRef) {
    super(`projection ${ref.projection} has no version ${ref.version}`);
  }
}
