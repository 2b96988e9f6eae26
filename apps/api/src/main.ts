import { Logger } from 'nestjs-pino';

import { createApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/env';

async function main(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  const { app } = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL server' : `embedded PostgreSQL in ${config.dataDir}`;
  app.get(Logger).log(`Suivi is listening on http://localhost:${config.port} (${where}; ready in ${Date.now() - started} ms)`);
}

main().catch((error: unknown) => {
  // One line, naming the variable when configuration is at fault, then a non-zero exit.
  const message = error instanceof ConfigError ? error.message : `Suivi failed to start: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
