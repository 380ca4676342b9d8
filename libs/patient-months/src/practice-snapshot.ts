import { evolveAfterHoursRecords, type SnapshotAfterHoursRecord } from './care-team-access';
import type { PracticeEventEnvelope } from './events/decode';

/** What month documents need from the practice: its zone and who is who on its roster. */
export interface PracticeSnapshot {
  readonly practiceId: string;
  readonly revision: number;
  readonly timeZone: string;
  readonly billingPractitioners: readonly {
    readonly id: string;
    readonly credential: string;
    /** Absent in snapshots stored before NPIs were kept (until the read model is rebuilt). */
    readonly npi?: string;
    readonly specialty?: string;
  }[];
  readonly staff: readonly { readonly id: string; readonly role: string; readonly credential: string }[];
  /** 24/7 access arrangements in recording order; absent until the first. */
  readonly afterHoursAccess?: readonly SnapshotAfterHoursRecord[];
}

export function evolvePracticeSnapshot(
  current: PracticeSnapshot | undefined,
  envelope: PracticeEventEnvelope,
): PracticeSnapshot | undefined {
  if (current && envelope.revision <= current.revision) return undefined;
  const afterHours = evolveAfterHoursRecords(current?.afterHoursAccess, envelope);
  if (afterHours) {
    return current && { ...current, revision: envelope.revision, afterHoursAccess: afterHours };
  }
  const { event } = envelope;
  if (event.type !== 'PracticeRegistered' && event.type !== 'PracticeUpdated') return undefined;
  const d = event.data;
  return {
    practiceId: envelope.practiceId,
    revision: envelope.revision,
    timeZone: d.timeZone,
    billingPractitioners: d.billingPractitioners.map((p) => ({
      id: p.id,
      credential: p.credential,
      npi: p.npi,
      ...(p.specialty ? { specialty: p.specialty } : {}),
    })),
    staff: d.staff.map((s) => ({ id: s.id, role: s.role, credential: s.credential })),
    ...(current?.afterHoursAccess ? { afterHoursAccess: current.afterHoursAccess } : {}),
  };
}

export function credentialOf(practice: PracticeSnapshot | undefined, id: string): string | undefined {
  if (!practice) return undefined;
  return (
    practice.billingPractitioners.find((p) => p.id === id)?.credential ??
    practice.staff.find((s) => s.id === id)?.credential
  );
}

export function specialtyOf(practice: PracticeSnapshot | undefined, id: string): string | undefined {
  return practice?.billingPractitioners.find((p) => p.id === id)?.specialty;
}

export function npiOf(practice: PracticeSnapshot | undefined, id: string): string | null {
  return practice?.billingPractitioners.find((p) => p.id === id)?.npi ?? null;
}
