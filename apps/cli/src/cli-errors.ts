/** Exit code when the record fails its hash-chain check (audit verify, a rebuild, any read at a break). */
export const EXIT_TAMPERED = 3;

/** Exit code for input the command refuses (the message goes to stderr). */
export const EXIT_USAGE = 2;

/** Thrown by a command for arguments it refuses: the command line answers EXIT_USAGE with its usage. */
export class CliUsageError extends Error {}
