import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { PatientCommand, PracticeCommand } from '@ccm/domain';
import { PatientRecords, PracticeRecords, type CommandOutcome, type RequestContext } from '@ccm/record';

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
  constructor(private readonly patients: PatientRecords) {}

  execute(command: ExecutePatientCommand): Promise<CommandOutcome> {
    return this.patients.execute(
      command.patientId,
      command.command,
      command.context,
      command.expectedRevision,
    );
  }
}

@CommandHandler(ExecutePracticeCommand)
export class ExecutePracticeCommandHandler implements ICommandHandler<ExecutePracticeCommand> {
  constructor(private readonly practices: PracticeRecords) {}

  execute(command: ExecutePracticeCommand): Promise<CommandOutcome> {
    return this.practices.execute(command.command, command.context, command.expectedRevision);
  }
}
