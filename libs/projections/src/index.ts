export * from './read-model-store';
export * from './version-not-found';
export * from './read-model-config';
export { SqliteReadModelStore, type SqliteReadModelStoreOptions } from './sqlite/sqlite-read-model-store';
export { RedisReadModelStore, type RedisReadModelStoreOptions } from './redis/redis-read-model-store';
export * from './engine/projection';
export * from './engine/projector';
export * from './partitions';
export { PartitionCoordinator, DEFAULT_LEASE_MS } from './engine/partition-coordinator';
export { InMemoryPartitionLeases, type PartitionLeases } from './engine/partition-leases';
export { RedisPartitionLeases } from './redis/redis-partition-leases';
export { connectRedis, isClusterUrl, type RedisClient } from './redis/redis-client';
export * from './engine/running-projector';
export {
  ProjectorThread,
  ProjectorThreadUnavailableError,
  type ProjectorThreadOptions,
} from './engine/projector-thread';
export * from './engine/projection-lag';
export * from './engine/read-model-progress';
export * from './engine/rebuild';
export { projectBatch } from './engine/project-batch';
export { DocumentSession } from './engine/document-session';
export * from './all-projections';
export * from './queries/paging';
export * from './queries/read-model-queries';
export type { TimelineEntry } from './patient-timeline/timeline-entry';
export { describeAfterHoursAccessEvent } from './patient-timeline/describe-care-team-events';
export { AUDIT_TRAIL, auditTrailProjection } from './audit-trail/audit-trail.projection';
export type { AuditEntry, AuditLink } from './audit-trail/audit-entry';
export { AuditEventMissingError } from './audit-trail/audit-queries';
export type { RecordRead } from './audit-trail/record-read';
export { PATIENT_MONTHS } from './patient-months/month-keys';
export { patientMonthsProjection } from './patient-months/patient-months.projection';
export type { BillingLine, BillingListStatus } from './billable-months/billing-line';
export type { ProgramMetrics } from './program-metrics/metrics-contribution';
export type { TeamMetrics, TeamMember } from './team-metrics/team-month';
export type { OutcomeMetrics } from './care-outcomes/outcome-metrics';
export { outcomeMetricsFor } from './care-outcomes/outcome-metrics';
export { evolveOutcomeRecord, type OutcomeRecord } from './care-outcomes/outcome-record';
export { careOutcomesProjection } from './care-outcomes/care-outcomes.projection';
export { ENROLMENT_FUNNEL, enrolmentFunnelProjection } from './enrolment-funnel/enrolment-funnel.projection';
export { EnrolmentFunnelQueries } from './enrolment-funnel/funnel-queries';
export { funnelFor, funnelTrendFor } from './enrolment-funnel/funnel';
export * from './enrolment-funnel/funnel-figures';
export * from './engine/health-report';
export * from './billing-export/claim-fields';
export * from './billing-export/export-rows';
