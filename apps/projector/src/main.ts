import { jsonLogger, startProjectorProcess } from './projector-process';

/** `node -r ./scripts/register-aliases.js dist/apps/projector/src/main.js` (docker-compose `projector`). */
async function main(): Promise<void> {
  const logger = jsonLogger(process.env);
  const running = await startProjectorProcess(process.env, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: stopping after the current batch`);
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `projector failed to start: ${error instanceof Error ? error.name : 'error'}: ${error instanceof Error ? error.message : ''}\n`,
  );
  process.exit(1);
});
