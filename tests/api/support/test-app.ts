import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';

import { AuditService, systemActor } from '../../../apps/api/src/audit/audit.service';
import type { RecordRef } from '../../../apps/api/src/audit/records';
import { createApp, type RunningApp } from '../../../apps/api/src/bootstrap';
import { loadConfig, type AppConfig } from '../../../apps/api/src/config/env';

export interface TestApp {
  running: RunningApp;
  db: DataSource;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  /** Which database this run is on, for test names and conditional suites. */
  backend: 'embedded' | 'postgres';
  close(): Promise<void>;
}

export const onServer = Boolean(process.env['DATABASE_URL']);

/**
 * Starts the whole API as `npm start` does, on a database of its own: a fresh embedded one in a
 * temporary DATA_DIR, or, when DATABASE_URL is set, a new database created on that server (and
 * dropped afterwards) so suites never see each other's rows.
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
  let dropDatabase: (() => Promise<void>) | null = null;
  if (serverUrl) {
    const name = `suivi_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
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
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(options.env ?? {}),
  });
  // `production`: the application as production builds it (forwarded headers, Secure cookies), on
  // this test's database and with the demo accounts, which a production config never loads.
  const config: AppConfig = options.production ? { ...loaded, nodeEnv: 'production' } : loaded;
  const running = await createApp(config);
  await running.app.getHttpAdapter().getInstance().ready();
  const testApp: TestApp = {
    running,
    db: running.database.dataSource,
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
  await t.db.transaction((tx) => audit.append(tx, { actor: systemActor, action: 'test.fixture', entityType: 'fixture', records }));
}
