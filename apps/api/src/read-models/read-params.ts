import { isLocalMonth } from '@ccm/domain';
import { previousMonth } from '@ccm/patient-months';
import type { BillingListStatus, DateOfService, PageRequest } from '@ccm/projections';
import { ApiError } from '../http/api-error';

const invalid = (field: string, error: string) =>
  new ApiError(400, 'VALIDATION_FAILED', 'A parameter is malformed.', {
    fields: [{ field, errors: [error] }],
  });

export function requireMonth(value: string | undefined, field = 'month'): string {
  if (value === undefined || !isLocalMonth(value)) throw invalid(field, 'must be a month YYYY-MM');
  return value;
}

export function pageRequest(limit: string | undefined, cursor: string | undefined): PageRequest {
  if (limit !== undefined && !/^\d{1,4}$/.test(limit))
    throw invalid('limit', 'must be an integer from 1 to 1000');
  if (cursor !== undefined && !/^[A-Za-z0-9_-]{1,2000}$/.test(cursor))
    throw invalid('cursor', 'must be a cursor this api issued');
  return { limit: limit === undefined ? undefined : Number(limit), cursor };
}

const STATUSES: readonly BillingListStatus[] = ['billable', 'not-billable', 'all'];

export function billingStatus(value: string | undefined): BillingListStatus {
  if (value === undefined) return 'all';
  if (!(STATUSES as readonly string[]).includes(value))
    throw invalid('status', 'must be billable, not-billable or all');
  return value as BillingListStatus;
}

export function dateOfServiceParam(value: string | undefined): DateOfService {
  if (value === undefined) return 'month-end';
  if (value !== 'month-end' && value !== 'threshold')
    throw invalid('dateOfService', 'must be month-end or threshold');
  return value;
}

export function exportFormat(value: string | undefined): 'csv' | 'json' {
  if (value === undefined || value === 'csv' || value === 'json') return value ?? 'csv';
  throw invalid('format', 'must be csv or json');
}

export function monthCount(value: string | undefined): number {
  if (value === undefined) return 12;
  if (!/^\d{1,2}$/.test(value) || Number(value) < 1 || Number(value) > 24)
    throw invalid('months', 'must be an integer from 1 to 24');
  return Number(value);
}

/** `count` months ending with `last`, oldest first. */
export function monthsEndingWith(last: string, count: number): string[] {
  const months = [last];
  while (months.length < count) months.unshift(previousMonth(months[0]));
  return months;
}
