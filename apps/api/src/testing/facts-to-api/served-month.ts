import { reasonKey, type BillingDecision, type NotBillable, type PatientMonthFacts } from '@ccm/billing';
import { PassThrough, Readable } from 'node:stream';
import { billingExportCommand } from '../../../../cli/src/commands/billing-export';
import type { ReadApiHarness } from '../../read-models/testing/read-api-harness';

/** A month's decision reduced to what the three readers must agree on. */
export interface MonthOutcome {
  readonly status: string;
  /** `99439x1;99490x1`, sorted. */
  readonly codes: string;
  /** `REASON` or `REASON:ref`, sorted. */
  readonly reasons: readonly string[];
}

/** The month as the api serves it: its document (with the facts it decided on), billing line and export row. */
export interface ServedMonth {
  readonly facts: PatientMonthFacts;
  readonly decision: BillingDecision | null;
  readonly document: MonthOutcome;
  readonly line: MonthOutcome;
  readonly exported: MonthOutcome;
}

export const codesText = (codes: readonly { code: string; units: number }[]): string =>
  codes
    .map((c) => `${c.code}x${c.units}`)
    .sort()
    .join(';');

const reasonsOf = (items: readonly NotBillable[]) => items.map(reasonKey).sort();

/** Runs `billing export` against the store the api writes to, as the billing job would. */
async function exportRows(
  month: string,
  practiceId: string,
  env: NodeJS.ProcessEnv,
): Promise<{ patientId: string; status: string; codes: string; reasons: string }[]> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (c: Buffer) => out.push(c));
  stderr.on('data', (c: Buffer) => err.push(c));
  const code = await billingExportCommand.run(
    ['--month', month, '--practice', practiceId, '--format', 'json'],
    { stdin: Readable.from([]), stdout, stderr, env },
  );
  if (code !== 0) throw new Error(`billing export exited ${code}: ${Buffer.concat(err).toString('utf8')}`);
  return JSON.parse(Buffer.concat(out).toString('utf8'));
}

/**
 * Reads one patient-month three ways once the projector has caught up: `GET /patients/{id}/months/{m}`,
 * its line of `GET /billing/months/{m}`, and its row of the CLI `billing export` (run with `exportEnv`).
 */
export async function readServedMonth(
  api: ReadApiHarness,
  ids: { readonly practiceId: string; readonly patientId: string },
  month: string,
  exportEnv: NodeJS.ProcessEnv,
): Promise<ServedMonth> {
  await api.caughtUp();
  const { practiceId, patientId } = ids;
  const doc = await api.get(`/patients/${patientId}/months/${month}`, 'biller', practiceId);
  if (doc.status !== 200) throw new Error(`GET month answered ${doc.status}: ${JSON.stringify(doc.body)}`);
  const billing = doc.body.billing as {
    status: string;
    facts: PatientMonthFacts;
    decision: BillingDecision | null;
  };

  const lines: {
    patientId: string;
    status: string;
    codes: { code: string; units: number }[];
    notBillable: NotBillable[];
  }[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.get(
      `/billing/months/${month}?status=all&limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      'biller',
      practiceId,
    );
    if (page.status !== 200) throw new Error(`GET billing month answered ${page.status}`);
    lines.push(...page.body.items);
    cursor = page.body.nextCursor ?? undefined;
  } while (cursor);
  const line = lines.find((l) => l.patientId === patientId);
  if (!line) throw new Error('the billing month does not list the patient');

  const row = (await exportRows(month, practiceId, exportEnv)).find((r) => r.patientId === patientId);
  if (!row) throw new Error('the export does not list the patient');

  return {
    facts: billing.facts,
    decision: billing.decision,
    document: {
      status: billing.status,
      codes: codesText(billing.decision?.codes ?? []),
      reasons: reasonsOf(billing.decision?.notBillable ?? []),
    },
    line: { status: line.status, codes: codesText(line.codes), reasons: reasonsOf(line.notBillable) },
    exported: {
      status: row.status,
      codes: row.codes,
      reasons: row.reasons === '' ? [] : row.reasons.split(';').sort(),
    },
  };
}
