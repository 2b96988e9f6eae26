import { MIGRATIONS } from '@suivi/migrations';
import { Client, types } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

import { ConfigError, type AppConfig, type MigrationConfig } from '../config/env';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

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

/** The role the migrations grant the application's rights to (migrations/1764700000000-GrantApplicationRole.ts). */
export const APPLICATION_ROLE = 'suivi_api';

/**
 * In production on a server the API does not own its tables (DESIGN.md, "Accountability
 * record"): migrations are a step of their own, and the API only checks that it may start.
 */
const migratesApart = (config: MigrationConfig) => config.nodeEnv === 'production' && Boolean(config.databaseUrl);

/**
 * Opens the database the configuration names (a server with DATABASE_URL, the embedded one
 * without) and returns a ready DataSource. Outside production it runs pending migrations first,
 * as MIGRATION_DATABASE_URL's role when there is one; in production it refuses a role that could
 * rewrite the record, or a schema behind the build. An unreachable server stops the start within
 * seconds with a message naming the variable.
 */
export async function openDatabase(config: AppConfig, poolSize = 10): Promise<OpenedDatabase> {
  const apart = migratesApart(config);
  // Two roles outside production too (the PostgreSQL test pass): the owner migrates, then the API connects.
  const ownerMigratesFirst = !apart && Boolean(config.databaseUrl && config.migrationDatabaseUrl);
  if (ownerMigratesFirst) {
    await migrateDatabase(config);
  }
  const opened = await connect(config.databaseUrl, 'DATABASE_URL', config.dataDir, poolSize);
  try {
    if (apart) {
      await assertMayServe(opened.dataSource);
    } else if (!ownerMigratesFirst) {
      await runMigrations(opened.dataSource, Boolean(opened.embedded));
    }
  } catch (error) {
    await opened.close();
    throw error;
  }
  return opened;
}

/**
 * `npm run migrate`: applies pending migrations as MIGRATION_DATABASE_URL's role (else
 * DATABASE_URL's, else on the embedded database) and answers the names applied.
 */
export async function migrateDatabase(config: MigrationConfig): Promise<string[]> {
  const [url, variable] = config.migrationDatabaseUrl
    ? [config.migrationDatabaseUrl, 'MIGRATION_DATABASE_URL']
    : [config.databaseUrl, 'DATABASE_URL'];
  const opened = await connect(url, variable, config.dataDir, 2);
  try {
    return await runMigrations(opened.dataSource, Boolean(opened.embedded));
  } finally {
    await opened.close();
  }
}

async function connect(url: string | null, variable: string, dataDir: string, poolSize: number): Promise<OpenedDatabase> {
  let embedded: EmbeddedPostgres | null = null;
  let connection: Partial<DataSourceOptions>;
  if (url) {
    await probe(url, variable);
    connection = { url };
  } else {
    embedded = await startEmbeddedPostgres(dataDir, poolSize + 2);
    connection = { host: embedded.socketDir, port: embedded.port, username: embedded.user, database: embedded.database };
  }
  // No entity classes: the migrations are the schema, and every read and write is explicit SQL
  // (the nineteen entities that once described the tables were read by nothing).
  const dataSource = new DataSource({
    type: 'postgres',
    ...connection,
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
  } catch (error) {
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

/** Several API instances (or migrate steps) may start at once on one server: one migrates, the others wait. */
async function runMigrations(dataSource: DataSource, embedded: boolean): Promise<string[]> {
  if (embedded) {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}

/**
 * A production API connected as a superuser, or as the owner of the audit chain (or a member of
 * the owner's role), could disable the triggers and rewrite the record: it refuses to start, as
 * it does on a schema that the migrate step has not brought up to this build.
 */
async function assertMayServe(dataSource: DataSource): Promise<void> {
  const [role] = (await dataSource.query(
    `SELECT current_user AS name,
            EXISTS (SELECT 1 FROM pg_roles s WHERE s.rolsuper AND pg_has_role(current_user, s.oid, 'MEMBER')) AS superuser,
            (SELECT pg_get_userbyid(c.relowner) FROM pg_class c WHERE c.oid = to_regclass('audit_events')) AS owner,
            (SELECT pg_has_role(current_user, c.relowner, 'MEMBER') FROM pg_class c WHERE c.oid = to_regclass('audit_events')) AS owns`,
  )) as Array<{ name: string; superuser: boolean; owner: string | null; owns: boolean | null }>;
  const apart = `in production the API connects as a member of ${APPLICATION_ROLE} and migrations run apart (npm run migrate with MIGRATION_DATABASE_URL)`;
  if (role.superuser) {
    throw new ConfigError('DATABASE_URL', `the role ${role.name} is a superuser (or may become one): ${apart}`);
  }
  if (role.owns) {
    const whose = role.owner === role.name ? '' : ` (it is a member of its owner, ${role.owner})`;
    throw new ConfigError('DATABASE_URL', `the role ${role.name} owns audit_events${whose}: ${apart}`);
  }
  const pending = await pendingMigrations(dataSource);
  if (pending.length) {
    throw new ConfigError(
      'DATABASE_URL',
      `${pending.length} migration${pending.length === 1 ? ' is' : 's are'} pending (${pending.join(', ')}): run npm run migrate before starting the API`,
    );
  }
}

/** Migrations of this build not recorded in the database, read without creating anything. */
async function pendingMigrations(dataSource: DataSource): Promise<string[]> {
  const [{ present }] = (await dataSource.query(`SELECT to_regclass('migrations') IS NOT NULL AS present`)) as Array<{ present: boolean }>;
  const done = present ? ((await dataSource.query('SELECT name FROM migrations')) as Array<{ name: string }>) : [];
  const applied = new Set(done.map((row) => row.name));
  return dataSource.migrations.map((m) => m.name ?? m.constructor.name).filter((name) => !applied.has(name));
}

async function probe(url: string, variable: string): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    const where = safeTarget(url);
    throw new ConfigError(variable, `cannot connect to ${where} (${err.code ?? err.message})`);
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
