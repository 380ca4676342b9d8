import type { CliCommand } from '../cli-command';
import { backupCommand } from './backup';
import { auditAnchorCommand, auditEvidenceCommand, auditReplayCommand, auditVerifyCommand } from './audit';
import { billingEvaluateCommand } from './billing-evaluate';
import { billingExportCommand } from './billing-export';
import { fhirExportCommand } from './fhir-export';
import { billingClaimsCommand } from './billing-claims';
import { migrateCommand } from './migrate';
import { projectionsRebuildCommand } from './projections-rebuild';
import { restoreCommand } from './restore';
import { seedCommand } from './seed';
import { tokenCommand } from './token';

/** Every command-line job of the system. Each lives in its own file beside this one. */
export const commands: readonly CliCommand[] = [
  tokenCommand,
  seedCommand,
  billingEvaluateCommand,
  billingExportCommand,
  fhirExportCommand,
  billingClaimsCommand,
  auditVerifyCommand,
  auditAnchorCommand,
  auditReplayCommand,
  auditEvidenceCommand,
  projectionsRebuildCommand,
  backupCommand,
  restoreCommand,
  migrateCommand,
];
