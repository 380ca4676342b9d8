import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { PatientCommand, PracticeCommand } from '@ccm/domain';
import { isId } from '@ccm/domain';
import { deterministicUuid, type CommandOutcome, type RequestContext } from '@ccm/record';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ExecutePatientCommand, ExecutePracticeCommand } from '../commands/record-commands';
import { ApiError } from './api-error';

/** The same for a command and its idempotent repeat; a repeat is told apart only by a header. */
export interface CommandReceipt {
  /** Revision of the (last) event the command recorded. */
  readonly revision: number;
}

/** `"12"`, `W/"12"` or `12`: the stream revision the client last saw. `*` pins nothing. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(-?\d+)"?\s*$/.exec(header);
  if (!match)
    throw new ApiError(400, 'VALIDATION_FAILED', 'If-Match must be an ETag from this api.', {
      fields: [{ field: 'If-Match', errors: ['must be a revision ETag'] }],
    });
  return Number(match[1]);
}

/**
 * The client's `Idempotency-Key` header: visible ASCII, at most 255 characters (what clients generate is a
 * UUID or similar). Absent when not sent; a malformed one is refused rather than ignored, since ignoring it
 * would record a retried command twice.
 */
export function clientIdempotencyKey(request: AuthenticatedRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return undefined;
  if (typeof header !== 'string' || !/^[\x21-\x7e]{1,255}$/.test(header))
    throw new ApiError(400, 'VALIDATION_FAILED', 'The Idempotency-Key header is malformed.', {
      fields: [{ field: 'Idempotency-Key', errors: ['must be 1-255 visible ASCII characters'] }],
    });
  return header;
}

/**
 * An id the client left out (an observation's, a visit's): random, or, under an Idempotency-Key, derived
 * from it, so the command repeated under that key is the same command.
 */
export function generatedId(request: AuthenticatedRequest): string {
  const key = clientIdempotencyKey(request);
  return key === undefined ? randomUUID() : deterministicUuid(`generated-id|${key}`);
}

export function requirePathId(value: string, name: string): string {
  if (!isId(value)) {
    throw new ApiError(400, 'VALIDATION_FAILED', 'A path parameter is malformed.', {
      fields: [{ field: name, errors: ['must be 1-64 letters, digits, _ or -'] }],
    });
  }
  return value;
}

/** Builds the request context, sends the command through the bus, and sets ETag and position headers. */
@Injectable()
export class CommandSender {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * The context of one command on one record: with the client's Idempotency-Key, a repeat of the command
   * under it is answered as the first was (see `requestContext` for requests of several commands).
   */
  oneCommandContext(request: AuthenticatedRequest, idempotencyKey?: string): RequestContext {
    const clientKey = clientIdempotencyKey(request);
    const context = this.requestContext(request, idempotencyKey);
    return clientKey === undefined ? context : { ...context, clientIdempotencyKey: clientKey };
  }

  requestContext(request: AuthenticatedRequest, idempotencyKey?: string): RequestContext {
    const actor = request.actor;
    if (!actor) throw new ApiError(401, 'UNAUTHENTICATED', 'A bearer token is required.');
    const header = request.headers['x-correlation-id'];
    const correlationId =
      typeof header === 'string' && /^[A-Za-z0-9_.:-]{1,100}$/.test(header) ? header : randomUUID();
    const key = idempotencyKey ?? clientIdempotencyKey(request);
    return {
      actor,
      correlationId,
      causationId: request.requestId ?? randomUUID(),
      ...(key ? { idempotencyKey: key } : {}),
    };
  }

  async toPatient(
    request: AuthenticatedRequest,
    response: Response,
    patientId: string,
    command: PatientCommand | ((timeZone: string) => PatientCommand),
    idempotencyKey?: string,
  ): Promise<CommandReceipt> {
    const outcome = await this.commandBus.execute(
      new ExecutePatientCommand(
        requirePathId(patientId, 'id'),
        command,
        this.oneCommandContext(request, idempotencyKey),
        parseIfMatch(request.headers['if-match']),
      ),
    );
    return this.receipt(response, outcome);
  }

  /**
   * toPatient for a command whose content was itself read from the patient's stream: appended only on
   * `expectedRevision`, the revision it was read at, whatever If-Match says (the caller checks that).
   */
  async toPatientAt(
    request: AuthenticatedRequest,
    response: Response,
    patientId: string,
    command: PatientCommand,
    expectedRevision: number,
  ): Promise<CommandReceipt> {
    const outcome = await this.commandBus.execute(
      new ExecutePatientCommand(
        requirePathId(patientId, 'id'),
        command,
        this.requestContext(request),
        expectedRevision,
      ),
    );
    return this.receipt(response, outcome);
  }

  async toPractice(
    request: AuthenticatedRequest,
    response: Response,
    command: PracticeCommand,
  ): Promise<CommandReceipt> {
    const outcome = await this.commandBus.execute(
      new ExecutePracticeCommand(
        command,
        this.oneCommandContext(request),
        parseIfMatch(request.headers['if-match']),
      ),
    );
    return this.receipt(response, outcome);
  }

  private receipt(response: Response, outcome: CommandOutcome): CommandReceipt {
    response.setHeader('ETag', `"${outcome.streamRevision}"`);
    if (outcome.position) response.setHeader('X-CCM-Position', outcome.position);
    if (outcome.alreadyApplied) response.setHeader('X-CCM-Replayed', 'true');
    return { revision: outcome.revision };
  }
}
