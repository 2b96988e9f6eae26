import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { MIGRATIONS } from '@suivi/migrations';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { AuditService, systemActor } from '../../../apps/api/src/audit/audit.service';
import type { RecordRef } from '../../../apps/api/src/audit/records';
import { createApp, type RunningApp } from '../../../apps/api/src/bootstrap';
import { loadConfig, type AppConfig } from '../../../apps/api/src/config/env';
import { APPLICATION_ROLE, migrateDatabase } from '../../../apps/api/src/database/database';

export interface TestApp {
  running: RunningApp;
  /** The API's own connection: on PostgreSQL, as the application role (TEST_APP_ROLE). */
  db: DataSource;
  /**
   * The tables' owner on the same database, for what is written behind the API's back (fixtures,
   * tampering, triggers of a test's own). On the embedded database, one superuser: `db`.
   */
  readonly adminDb: DataSource;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Which database this run is on, for test names and conditional suites. */
  backend: 'embedded' | 'postgres';
  close(): Promise<void>;
}

export const onServer = Boolean(process.env['DATABASE_URL']);

/**
 * The login role the PostgreSQL pass runs the API as: a member of the application role, holding
 * only what the migrations grant it, as in production. No password: the test server trusts
 * 127.0.0.1.
 */
export const TEST_APP_ROLE = 'suivi_api_test';

const rolesReady = new Map<string, Promise<void>>();
const ROLES_LOCK_KEY = 7_301_982_030;

/**
 * Creates, once per server and idempotently, the application role (as the migration would) and
 * TEST_APP_ROLE in it. Roles belong to the whole server: parallel suites take a lock in its
 * `postgres` database, so two never create or grant at once.
 */
export function ensureTestAppRole(anyUrlOnServer: string): Promise<void> {
  const url = new URL(anyUrlOnServer);
  url.pathname = '/postgres';
  const key = url.host;
  let ready = rolesReady.get(key);
  if (!ready) {
    ready = (async () => {
      const client = new Client({ connectionString: url.toString() });
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [ROLES_LOCK_KEY]);
        await client.query(`
          DO $$
          BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APPLICATION_ROLE}') THEN
              CREATE ROLE ${APPLICATION_ROLE} NOLOGIN;
            END IF;
          EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL; -- a migration elsewhere on the server created it at the same moment
          END $$;
          DO $$
          BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${TEST_APP_ROLE}') THEN
              CREATE ROLE ${TEST_APP_ROLE} LOGIN;
            END IF;
            IF NOT pg_has_role('${TEST_APP_ROLE}', '${APPLICATION_ROLE}', 'MEMBER') THEN
              GRANT ${APPLICATION_ROLE} TO ${TEST_APP_ROLE};
            END IF;
          END $$;`);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [ROLES_LOCK_KEY]).catch(() => undefined);
        await client.end();
      }
    })();
    ready.catch(() => rolesReady.delete(key));
    rolesReady.set(key, ready);
  }
  return ready;
}

/** The same database as `ownerUrl`, as TEST_APP_ROLE. */
export function asTestAppRole(ownerUrl: string): string {
  const url = new URL(ownerUrl);
  url.username = TEST_APP_ROLE;
  url.password = '';
  return url.toString();
}

/**
 * For an API process given an owner's DATABASE_URL alone: the owner migrates at its start
 * (MIGRATION_DATABASE_URL) and the API connects as TEST_APP_ROLE. Other environments pass as given.
 */
export async function withTestAppRole(env: Record<string, string>): Promise<Record<string, string>> {
  const ownerUrl = env['DATABASE_URL'];
  if (!ownerUrl || env['MIGRATION_DATABASE_URL'] !== undefined) {
    return env;
  }
  await ensureTestAppRole(ownerUrl);
  return { ...env, MIGRATION_DATABASE_URL: ownerUrl, DATABASE_URL: asTestAppRole(ownerUrl) };
}

/**
 * Starts the whole API as `npm start` does, on a database of its own: a fresh embedded one in a
 * temporary DATA_DIR, or, when DATABASE_URL is set, a new database created on that server (and
 * dropped afterwards) so suites never see each other's rows. On the server, DATABASE_URL's role
 * (postgres) migrates and owns the tables, and the API runs as TEST_APP_ROLE, as in production.
 */
export async function startTestApp(
  options: {
    seed?: boolean;
    env?: Record<string, string>;
    production?: boolean;
    /** The suite breaks the record on purpose and leaves it so: no full verification at its end. */
    leavesRecordBroken?: boolean;
  } = {},
): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-test-'));
  const serverUrl = process.env['DATABASE_URL'];
  let databaseUrl: string | undefined;
  let ownerUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | null = null;
  if (serverUrl) {
    const name = `suivi_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    ownerUrl = url.toString();
    databaseUrl = asTestAppRole(ownerUrl);
    dropDatabase = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await ensureTestAppRole(serverUrl);
  }
  const loaded = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SEED_DEMO: options.seed === false ? 'false' : 'true',
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'silent',
    WEB_DIR: process.env['WEB_DIR'] ?? '',
    // Suites share the Redis server (when there is one) but never each other's keys.
    REDIS_PREFIX: `test-${process.pid}-${Math.random().toString(36).slice(2, 8)}:`,
    ...(process.env['REDIS_URL'] ? { REDIS_URL: process.env['REDIS_URL'] } : {}),
    AUTH_ATTEMPTS_PER_ADDRESS: '10000',
    AUTH_ATTEMPTS_PER_ACCOUNT: '10000',
    IMPORTS_PER_HOUR: '10000',
    DOWNLOADS_PER_ADDRESS: '10000',
    // Its 4xx bodies join the suite's check of the error vocabulary (tests/support/error-vocabulary.ts).
    ...(process.env['ERROR_BODIES_DIR'] ? { ERROR_BODIES_DIR: process.env['ERROR_BODIES_DIR'] } : {}),
    ...(databaseUrl && ownerUrl ? { DATABASE_URL: databaseUrl, MIGRATION_DATABASE_URL: ownerUrl } : {}),
    ...(options.env ?? {}),
  });
  // `production`: the application as production builds it (forwarded headers, Secure cookies), on
  // this test's database and with the demo accounts, which a production config never loads.
  const config: AppConfig = options.production ? { ...loaded, nodeEnv: 'production' } : loaded;
  if (options.production && ownerUrl) {
    // A production API never migrates: the separate step runs first, as it does in a deployment.
    await migrateDatabase(config);
  }
  const running = await createApp(config);
  await running.app.getHttpAdapter().getInstance().ready();
  const owner = ownerUrl
    ? await new DataSource({ type: 'postgres', url: ownerUrl, migrations: MIGRATIONS, extra: { max: 4 } }).initialize()
    : null;
  const testApp: TestApp = {
    running,
    db: running.database.dataSource,
    get adminDb() {
      return owner ?? testApp.db;
    },
    config,
    http: () => request(testApp.running.app.getHttpServer()),
    backend: serverUrl ? 'postgres' : 'embedded',
    async close() {
      // Every suite ends with a full verification of the record it wrote: a write path that binds
      // other JSON than its record holds, or changes a record without binding it, fails here.
      const verification = options.leavesRecordBroken
        ? null
        : await testApp.running.app
            .get(AuditService)
            .runFullVerification({ wait: true })
            .catch((error: unknown) => ({ error: String(error) }));
      // `running` may have been replaced by a test that restarts the app.
      await testApp.running.close();
      await owner?.destroy();
      await dropDatabase?.();
      rmSync(dataDir, { recursive: true, force: true });
      if (verification && (!('valid' in verification) || !verification.valid)) {
        throw new Error(`the record does not verify at the end of this suite: ${JSON.stringify(verification)}`);
      }
    },
  };
  return testApp;
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export const DEMO_PASSWORD = 'suivi-demo-2014';

export interface Session {
  token: string;
  cookie: string;
  userId: string;
}

/** Signs in through the API and returns the bearer token and the refresh cookie. */
export async function signIn(t: TestApp, email: string, password = DEMO_PASSWORD): Promise<Session> {
  const res = await t.http().post('/api/auth/login').send({ email, password });
  if (res.status !== 200) {
    throw new Error(`sign-in of ${email} answered ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return { token: res.body.accessToken, cookie: refreshCookie(res.headers['set-cookie']), userId: res.body.user.id };
}

export function refreshCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const found = all.find((c) => c.startsWith('suivi_refresh='));
  return found ? found.split(';')[0] : '';
}

export const bearer = (session: Session) => ({ Authorization: `Bearer ${session.token}` });

/**
 * A fixture written straight to a bound table (faster than the API, or what the API would refuse)
 * is bound by an explicit `test.fixture` event, as the API would have bound it: without one the
 * suite's closing full verification reports the row, as it must for any write behind the API.
 */
export async function bindFixture(t: TestApp, records: RecordRef[]): Promise<void> {
  const audit = t.running.app.get(AuditService);
  await t.adminDb.transaction((tx) => audit.append(tx, { actor: systemActor, action: 'test.fixture', entityType: 'fixture', records }));
}
