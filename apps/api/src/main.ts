import { ConsoleLogger, Logger as NestLogger } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

import { AuditService } from './audit/audit.service';
import { createApp } from './bootstrap';
import { keepToOwner } from './config/data-dir';
import { ConfigError, loadConfig, loadMigrationConfig, type MigrationConfig } from './config/env';
import { migrateDatabase, openDatabase } from './database/database';
import { EvidenceRecleaner } from './evidence/reclean';
import { DomainEvents } from './events/domain-events';
import { DemoSeeder } from './seed/seed.service';

/**
 * Outside production DATA_DIR holds the embedded database and the generated secrets: what this
 * process writes is its owner's alone (files 0600, folders 0700), and what is there already is
 * tightened.
 */
function keepDataToOwner(config: MigrationConfig): void {
  if (config.nodeEnv !== 'production') {
    process.umask(0o077);
    keepToOwner(config.dataDir);
  }
}

async function serve(): Promise<void> {
  const started = Date.now();
  const config = loadConfig();
  keepDataToOwner(config);
  const { app } = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  const where = config.databaseUrl ? 'PostgreSQL server' : `embedded PostgreSQL in ${config.dataDir}`;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  app.get(Logger).log(`Suivi is listening on http://${host}:${config.port} (${where}; ready in ${Date.now() - started} ms)`);
}

/** `npm run seed`: load the demo data into an empty database, then exit. */
async function seed(): Promise<void> {
  const config = loadConfig();
  if (config.nodeEnv === 'production') {
    throw new ConfigError('NODE_ENV', 'demo data is never loaded in production');
  }
  keepDataToOwner(config);
  const running = await createApp({ ...config, seedDemo: false });
  try {
    const result = await running.app.get(DemoSeeder).seedIfEmpty(config.demoPassword);
    process.stdout.write(
      result.seeded ? `Bamako demo data loaded: ${JSON.stringify(result.counts)}\n` : `Nothing loaded: ${result.reason}.\n`,
    );
  } finally {
    await running.close();
  }
}

/**
 * `npm run migrate`: applies pending migrations as the tables' owner (MIGRATION_DATABASE_URL,
 * else DATABASE_URL), then exits. In production this is the only way the schema changes: the
 * API connects as a role that may not change it, and refuses to start on a schema behind it.
 */
async function migrate(): Promise<void> {
  const config = loadMigrationConfig();
  keepDataToOwner(config);
  const applied = await migrateDatabase(config);
  process.stdout.write(applied.length ? `Migrations applied: ${applied.join(', ')}.\n` : 'No migration pending.\n');
}

/**
 * `npm run reclean-evidence`: rewrites, once, the evidence files stored before uploads were
 * rewritten from their pixels or pages; each rewrite is an audited event. Safe to run again.
 */
async function recleanEvidence(): Promise<void> {
  const config = loadConfig();
  keepDataToOwner(config);
  const running = await createApp({ ...config, seedDemo: false });
  try {
    const result = await running.app.get(EvidenceRecleaner).recleanAll();
    process.stdout.write(`Evidence files rewritten: ${result.rewritten}.\n`);
    if (result.rewritten && !result.purged) {
      process.stdout.write(
        'The old bytes are still in the table’s files: run VACUUM (FULL) evidence_files as the role that owns the table.\n',
      );
    }
    if (result.unreadable.length) {
      process.stdout.write(`Could not be read as their type (left as they are; look at them): ${result.unreadable.join(', ')}\n`);
    }
  } finally {
    await running.close();
  }
}

/**
 * `npm run verify-record`: one full verification of the configured database (every event, every
 * bound record, every derived column), as the background one runs it, and stored like it. Prints
 * one line of JSON; exits 1 when the record does not verify. Only the audit service runs: no
 * baseline, seed, checkpoint or export, so the command writes nothing but its result. On the
 * embedded database, stop the API first: one process at a time may open DATA_DIR.
 */
async function verifyRecord(): Promise<void> {
  const config = loadConfig();
  keepDataToOwner(config);
  // Stdout carries the result alone; a broken record's details (its id) go to stderr.
  NestLogger.overrideLogger(
    config.logLevel === 'silent' ? false : new ConsoleLogger({ json: true, logLevels: ['error', 'fatal'], colors: false }),
  );
  const database = await openDatabase(config, 2);
  try {
    // Verification records no domain events; the service takes them for its purges.
    const audit = new AuditService(database.dataSource, config, new DomainEvents(database.dataSource));
    const result = await audit.runFullVerification({ wait: true });
    if (!result) {
      throw new Error('the full verification did not run');
    }
    const { startedAt, finishedAt, ...rest } = result;
    process.stdout.write(`${JSON.stringify({ ...rest, startedAt, ms: finishedAt.getTime() - startedAt.getTime() })}\n`);
    if (!result.valid) {
      process.stderr.write(
        `The record does not verify from event ${result.firstBrokenSeq}${result.brokenRecord ? ` (${result.brokenRecord})` : ''}.\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await database.close();
  }
}

const commands: Record<string, () => Promise<void>> = {
  serve,
  seed,
  migrate,
  'reclean-evidence': recleanEvidence,
  'verify-record': verifyRecord,
};
const command = process.argv[2] ?? 'serve';
(commands[command] ?? serve)().catch((error: unknown) => {
  // One line, naming the variable when configuration is at fault, then a non-zero exit.
  const message = error instanceof ConfigError ? error.message : `Suivi failed to start: ${(error as Error)?.message ?? String(error)}`;
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
