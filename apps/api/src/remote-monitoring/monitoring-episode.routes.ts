import type { PatientCommand } from '@ccm/domain';
import type { Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import type { CommandReceipt, CommandSender } from '../http/command-sender';

/** The episode commands of each monitoring program, by their stable names. */
const EPISODE_COMMANDS = {
  rpm: { devicePeriod: 'RecordRpmDevicePeriod', end: 'EndRpm' },
  rtm: { devicePeriod: 'RecordRtmDevicePeriod', end: 'EndRtm' },
} as const;

type Enrolment = Extract<PatientCommand, { type: 'EnrollInRpm' | 'EnrollInRtm' }>;

/** A device period report as the routes take it; only RTM's lets the period end sooner. */
interface DevicePeriodBody {
  readonly periodId: string;
  readonly start: string;
  readonly end?: string;
  readonly daysWithTransmittedData: number;
}

/**
 * Sends a monitoring program's episode commands (RPM's or RTM's: enrolment, device periods, end) to the
 * patient, each under the idempotency key that makes a re-sent request the command already applied:
 * `<program>-enrolment:<enrolledOn>`, `<program>-period:<periodId>:<days>`, `<program>-end:<endedOn>`.
 */
export class EpisodeRoutes {
  constructor(
    private readonly send: CommandSender,
    private readonly program: keyof typeof EPISODE_COMMANDS,
  ) {}

  /** The enrolment command is the program's own: each takes other details. */
  enrol(req: AuthenticatedRequest, res: Response, id: string, command: Enrolment): Promise<CommandReceipt> {
    return this.send.toPatient(req, res, id, command, `${this.program}-enrolment:${command.data.enrolledOn}`);
  }

  devicePeriod(
    req: AuthenticatedRequest,
    res: Response,
    id: string,
    body: DevicePeriodBody,
  ): Promise<CommandReceipt> {
    const { periodId, start, end, daysWithTransmittedData } = body;
    return this.send.toPatient(
      req,
      res,
      id,
      {
        type: EPISODE_COMMANDS[this.program].devicePeriod,
        data: { periodId, start, ...(end !== undefined ? { end } : {}), daysWithTransmittedData },
      },
      `${this.program}-period:${periodId}:${daysWithTransmittedData}`,
    );
  }

  end(
    req: AuthenticatedRequest,
    res: Response,
    id: string,
    body: { readonly endedOn: string; readonly reason: string },
  ): Promise<CommandReceipt> {
    return this.send.toPatient(
      req,
      res,
      id,
      { type: EPISODE_COMMANDS[this.program].end, data: { endedOn: body.endedOn, reason: body.reason } },
      `${this.program}-end:${body.endedOn}`,
    );
  }
}
