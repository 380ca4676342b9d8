import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@ccm/runtime';
import { createApp } from './create-app';
import { docsEnabled } from './http/hardening';
import { seedDemoClinicIfEmpty } from './demo-clinic';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp({ config });
  await seedDemoClinicIfEmpty(app, config, process.env);
  await app.listen(config.port);
  new Logger('api').log(
    `listening on port ${config.port} (event store: ${config.eventStore.kind}${config.eventStore.kind === 'sqlite' ? ` at ${config.eventStore.filename}` : ''})${docsEnabled(config) ? '; docs at /docs' : '; docs off (CCM_DOCS=on serves them)'}`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`api failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
