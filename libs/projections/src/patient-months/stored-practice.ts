import type { PracticeSnapshot } from '@ccm/patient-months';
import type { ReadModelStore, StoredDocument, VersionRef } from '../read-model-store';
import { practiceKey } from './month-keys';

/** The practice's zone and roster as patient-months keeps them; undefined before its first event. */
export const practiceOf = (stored: StoredDocument | undefined): PracticeSnapshot | undefined =>
  stored ? (JSON.parse(stored.json) as PracticeSnapshot) : undefined;

export async function storedPractice(
  store: ReadModelStore,
  ref: VersionRef,
  practiceId: string,
): Promise<PracticeSnapshot | undefined> {
  const [stored] = await store.getDocuments(ref, [practiceKey(practiceId)]);
  return practiceOf(stored);
}

/** Months and days are the practice's: UTC until the practice is known. */
export const practiceTimeZone = (practice: PracticeSnapshot | undefined): string =>
  practice?.timeZone ?? 'UTC';
