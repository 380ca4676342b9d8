import { operationOutcomeOf, type ImportProblem } from '@ccm/interop';
import { DEFAULT_PANEL_IMPORT_LIMIT_BYTES } from '@ccm/runtime';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ApiError } from '../http/api-error';
import { MAX_JSON_DEPTH, textNestsDeeperThan } from '../http/json-depth';

/**
 * A practice's whole panel as one Bundle or one CSV: far above the api's 1 MiB for other bodies. Set by
 * CCM_PANEL_IMPORT_LIMIT_BYTES (`http.panelImportLimitBytes`); this is its default.
 */
export const PANEL_IMPORT_BODY_LIMIT_BYTES = DEFAULT_PANEL_IMPORT_LIMIT_BYTES;

export const FHIR_IMPORT_PATH = '/fhir';
export const PANEL_CSV_PATH = '/candidates/panel.csv';

const FHIR_JSON = /^application\/(?:fhir\+)?json\s*(?:;|$)/i;
const CSV = /^text\/csv\s*(?:;|$)/i;

/** A refusal of the FHIR route is an OperationOutcome, whatever stage refuses it. */
export function sendOutcome(res: Response, status: number, problems: readonly ImportProblem[]): void {
  res.locals.problemReason = problems[0]?.reason;
  res
    .status(status)
    .type('application/fhir+json')
    .send(JSON.stringify(operationOutcomeOf(problems)));
}

const oneProblem = (status: ImportProblem['status'], reason: string, message: string): ImportProblem[] => [
  { status, reason, message, expression: [] },
];

/**
 * Reads the bodies of the two panel imports before the api's JSON parser sees them: a FHIR Bundle
 * (application/fhir+json or application/json) and a CSV panel (text/csv), each up to `limitBytes`
 * (the configured `http.panelImportLimitBytes`, else PANEL_IMPORT_BODY_LIMIT_BYTES). A larger body is
 * read to its end without being kept, then answered 413 (an OperationOutcome on /fhir), so the client
 * always gets the answer rather than a reset connection.
 * Marking the request's body as read (`_body`, as body-parser does) keeps the JSON parser and the
 * api's JSON-only rule off these two routes.
 */
export function readPanelImportBodies(limitBytes = PANEL_IMPORT_BODY_LIMIT_BYTES): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || (req.path !== FHIR_IMPORT_PATH && req.path !== PANEL_CSV_PATH))
      return next();
    const fhir = req.path === FHIR_IMPORT_PATH;
    const type = req.headers['content-type'] ?? '';
    if (fhir && !FHIR_JSON.test(type)) {
      return sendOutcome(
        res,
        415,
        oneProblem(400, 'UNSUPPORTED_MEDIA_TYPE', 'A Bundle is sent as application/fhir+json.'),
      );
    }
    if (!fhir && !CSV.test(type)) {
      return next(new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', 'A panel is sent as text/csv.'));
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    req.on('error', next);
    req.on('end', () => {
      const tooLarge = `The body is larger than ${limitBytes} bytes; split the panel.`;
      if (size > limitBytes) {
        return fhir
          ? sendOutcome(res, 413, oneProblem(413, 'PAYLOAD_TOO_LARGE', tooLarge))
          : next(new ApiError(413, 'PAYLOAD_TOO_LARGE', tooLarge));
      }
      const bytes = Buffer.concat(chunks);
      (req as Request & { _body?: boolean })._body = true;
      if (!fhir) {
        req.body = bytes.toString('utf8');
        return next();
      }
      if (textNestsDeeperThan(bytes, MAX_JSON_DEPTH))
        return sendOutcome(
          res,
          400,
          oneProblem(400, 'BODY_TOO_DEEP', 'The Bundle nests deeper than any panel.'),
        );
      try {
        req.body = JSON.parse(bytes.toString('utf8')) as unknown;
      } catch {
        return sendOutcome(res, 400, oneProblem(400, 'BODY_NOT_JSON', 'The body is not JSON.'));
      }
      next();
    });
  };
}
