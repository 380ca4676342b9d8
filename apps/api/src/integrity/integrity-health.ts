import { Injectable } from '@nestjs/common';
import { IntegrityMonitor, type IntegrityReport } from '@ccm/record';
import { ReadSide } from '../read-models/read-side';

/**
 * The `integrity` part of GET /health: broken chains this process has met, whether in a read, a command,
 * a periodic anchor or its embedded projector (halted at one). Counts only: /health is public and stream
 * names carry patient ids; `audit verify` names them to an operator.
 */
@Injectable()
export class IntegrityHealth {
  constructor(
    private readonly monitor: IntegrityMonitor,
    private readonly readSide: ReadSide,
  ) {}

  report(): IntegrityReport {
    for (const status of this.readSide.projector?.status() ?? []) {
      if (status.brokenChain) this.monitor.record(status.brokenChain, 'projector');
    }
    return this.monitor.report();
  }
}
