import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { DEVICE_PERIOD_DAYS, ID_PATTERN as ID } from '@ccm/domain';
import { IsInt, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsLocalDate } from '../http/validators';

/*
 * The fields RPM and RTM validate alike (their episodes follow the same rules, monitoring-episode.ts in the
 * domain); each program's DTO gives them its own documentation.
 */

/** Decorators read as they would stack on the property: applied bottom first, so errors keep their order. */
const stacked = (...decorators: PropertyDecorator[]): PropertyDecorator =>
  applyDecorators(...[...decorators].reverse());

const described = (description?: string) => (description === undefined ? {} : { description });

/** A practice-local date `YYYY-MM-DD` (an enrolment, a period's start, an end). */
export const LocalDateProperty = (example: string, description?: string): PropertyDecorator =>
  stacked(ApiProperty({ example, ...described(description) }), IsLocalDate());

/** The idempotency key of a device period. */
export const DevicePeriodIdProperty = (description: string): PropertyDecorator =>
  stacked(ApiProperty({ description }), Matches(ID));

/** RPM-2: the days with transmitted data in a device period, 0 to 30. */
export const DaysWithDataProperty = (description?: string): PropertyDecorator =>
  stacked(
    ApiProperty({ example: 18, minimum: 0, maximum: DEVICE_PERIOD_DAYS, ...described(description) }),
    IsInt(),
    Min(0),
    Max(DEVICE_PERIOD_DAYS),
  );

/** Why an episode ended. */
export const EndReasonProperty = (example: string): PropertyDecorator =>
  stacked(ApiProperty({ example }), IsString(), Length(1, 1000));
