import { MIGRATIONS } from '@suivi/migrations';
import { Client, types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

import { ConfigError, type AppConfig } from '../config/env';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';
import { ENTITIES } from './entities';

// `date` columns stay 'YYYY-MM-DD' strings: parsing them into a Date in the server's time zone
// shifts a due date by a day somewhere in the world.
types.setTypeParser(1082, (value: string) => value);

export interface OpenedDatabase {
  dataSource: DataSource;
  embedded: EmbeddedPostgres | null;
  /** Stops the data source and, if there is one, the embedded server. */
  close(): Promise<void>;
}

const MIGRATION_LOCK_KEY = 7_301_982_015;

/**
 * Opens the database the configuration names (a server with DATABASE_URL, the embedded one
 * without), runs pending migrations, and returns a ready DataSource. An unreachable server stops
 * the start within seconds with a message naming DATABASE_URL.
 */
export async function openDatabase(config: AppConfig, poolSize = 10): Promise<OpenedDatabase> {
  let embedded: EmbeddedPostgres | null = null;
  let connection: Partial<DataSourceOptions>;
  if (config.databaseUrl) {
    await probe(config.databaseUrl);
    connection = { url: config.databaseUrl };
  } else {
    embedded = await startEmbeddedPostgres(config.dataDir, poolSize + 2);
    connection = { host: embedded.socketDir, port: embedded.port, username: embedded.user, database: embedded.database };
  }
  const dataSource = new DataSource({
    type: 'postgres',
    ...connection,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    applicationName: 'suivi',
    extra: {
      max: poolSize,
      connectionTimeoutMillis: 5000,
      // A statement stuck for a minute is a bug or an outage; fail it rather than hold a connection.
      statement_timeout: 60_000,
    },
  } as DataSourceOptions);
  try {
    await dataSource.initialize();
    await migrate(dataSource, Boolean(embedded));
  } catch (error) {
    if (dataSource.isInitialized) {
      await dataSource.destroy();
    }
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    embedded,
    async close() {
      if (dataSource.isInitialized) {
        await dataSource.destroy();
      }
      await embedded?.stop();
    },
  };
}

/** Several API instances may start at once on one server: one migrates, the others wait. */
async function migrate(dataSource: DataSource, embedded: boolean): Promise<void> {
  if (embedded) {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

async function probe(url: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const where = safeTarget(url);
    throw new ConfigError('DATABASE_URL', `cannot connect to ${where} (${err.code ?? err.message})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** host:port/database, without the password. */
function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the server';
  }
}
