import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PatientCommand, PracticeCommand } from '@ccm/domain';
import { PatientRecords, PracticeRecords, type CommandOutcome, type RequestContext } from '@ccm/record';
import { CcmMetrics } from '@ccm/observability';
import { countCommand } from '../observability/command-outcomes';

export class ExecutePatientCommand extends Command<CommandOutcome> {
  constructor(
    readonly patientId: string,
    readonly command: PatientCommand | ((timeZone: string) => PatientCommand),
    readonly context: RequestContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

export class ExecutePracticeCommand extends Command<CommandOutcome> {
  constructor(
    readonly command: PracticeCommand,
    readonly context: RequestContext,
    readonly expectedRevision?: number,
  ) {
    super();
  }
}

/** Thin: the record service loads, folds, decides and appends with the revision it read. */
@CommandHandler(ExecutePatientCommand)
export class ExecutePatientCommandHandler implements ICommandHandler<ExecutePatientCommand> {
  constructor(
    private readonly patients: PatientRecords,
    private readonly metrics: CcmMetrics,
  ) {}

  execute(command: ExecutePatientCommand): Promise<CommandOutcome> {
    const given = command.command;
    let type = typeof given === 'function' ? undefined : given.type;
    const named =
      typeof given === 'function'
        ? (timeZone: string) => {
            const built = given(timeZone);
            type = built.type;
            return built;
          }
        : given;
    return countCommand(
      this.metrics,
      () => type,
      () => this.patients.execute(command.patientId, named, command.context, command.expectedRevision),
    );
  }
}

@CommandHandler(ExecutePracticeCommand)
export class ExecutePracticeCommandHandler implements ICommandHandler<ExecutePracticeCommand> {
  constructor(
    private readonly practices: PracticeRecords,
    private readonly metrics: CcmMetrics,
  ) {}

  execute(command: ExecutePracticeCommand): Promise<CommandOutcome> {
    return countCommand(
      this.metrics,
      () => command.command.type,
      () => this.practices.execute(command.command, command.context, command.expectedRevision),
    );
  }
}
