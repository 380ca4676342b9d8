import { Body, Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles, type AuthenticatedRequest } from '../auth/auth.decorators';
import { CommandSender, type CommandReceipt } from '../http/command-sender';
import { requireMonth } from '../read-models/read-params';
import { RecordAttemptedClaimLinesDto } from './claim-attempts.dto';

/**
 * Claim lines someone tried to bill for a month (SEL-6, APCM-8). They never bill: the month's decision
 * names each one it refuses and why (e.g. a PCM line beside billed CCM).
 */
@ApiTags('billing')
@ApiBearerAuth()
@Controller('patients/:id/months/:month/attempted-claim-lines')
export class ClaimAttemptsController {
  constructor(private readonly send: CommandSender) {}

  @Post()
  @Roles('biller')
  @ApiOperation({
    summary:
      'Record claim lines attempted for a patient-month; the month’s decision says why each is not billed (SEL-6)',
  })
  record(
    @Param('id') id: string,
    @Param('month') month: string,
    @Body() body: RecordAttemptedClaimLinesDto,
    @Req() req: AuthenticatedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CommandReceipt> {
    const serviceMonth = requireMonth(month);
    return this.send.toPatient(
      req,
      res,
      id,
      {
        type: 'RecordAttemptedClaimLines',
        data: {
          attemptId: body.attemptId,
          serviceMonth,
          lines: body.lines.map((l) => ({
            code: l.code,
            ...(l.units !== undefined ? { units: l.units } : {}),
          })),
        },
      },
      `claim-attempt:${body.attemptId}`,
    );
  }
}
