import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { parse } from 'yaml';

import { BUILT_API, runBuiltApi, scratchDatabase, startApiProcess } from './support/api-process';
import { adminQuery, asTestAppRole, ensureTestAppRole, onServer, startTestApp, TEST_APP_ROLE, type TestApp } from './support/test-app';

// DESIGN.md, "Accountability record": the API does not own its tables in production. The
// migrations grant `suivi_api` what the application needs and nothing more; a production API
// refuses to start as a superuser, as the owner of audit_events, or on pending migrations.

const APP_ROLE = 'suivi_api';

/**
 * What the application does to each table (every UPDATE and DELETE FROM in apps/api/src). A table
 * added later needs a line here and a GRANT in its migration (see migrations/index.ts).
 */
const EXPECTED: Record<string, string> = {
  organizations: 'SELECT INSERT UPDATE',
  users: 'SELECT INSERT UPDATE',
  dialogues: 'SELECT INSERT UPDATE',
  dialogue_participants: 'SELECT INSERT DELETE',
  recommendations: 'SELECT INSERT UPDATE',
  commitments: 'SELECT INSERT UPDATE',
  commitment_supporters: 'SELECT INSERT DELETE',
  commitment_recommendations: 'SELECT INSERT DELETE',
  progress_reports: 'SELECT INSERT',
  report_verifications: 'SELECT INSERT',
  report_translations: 'SELECT INSERT',
  milestones: 'SELECT INSERT UPDATE',
  evidence_files: 'SELECT INSERT UPDATE',
  follows: 'SELECT INSERT DELETE',
  threads: 'SELECT INSERT UPDATE',
  messages: 'SELECT INSERT UPDATE',
  sessions: 'SELECT INSERT UPDATE',
  password_resets: 'SELECT INSERT UPDATE',
  flags: 'SELECT INSERT UPDATE',
  sanctions: 'SELECT INSERT UPDATE',
  notifications: 'SELECT INSERT UPDATE DELETE',
  audit_events: 'SELECT INSERT UPDATE(data,event_salt,purged_at,purged_by,salt)',
  audit_checkpoints: 'SELECT INSERT',
  audit_verifications: 'SELECT INSERT',
  audit_records: 'SELECT INSERT UPDATE(salt)',
  app_settings: 'SELECT INSERT UPDATE(updated_at,value) DELETE',
  open_data_exports: 'SELECT INSERT UPDATE DELETE',
  open_data_export_chunks: 'SELECT INSERT',
  thread_reads: 'SELECT INSERT UPDATE DELETE',
  migrations: 'SELECT',
};

/** The application role's rights on every table of the schema, as `SELECT INSERT UPDATE(cols) DELETE`. */
async function grantsOf(t: TestApp): Promise<Record<string, string>> {
  const rows = (await t.adminDb.query(
    `SELECT c.relname AS table,
            concat_ws(' ',
              CASE WHEN has_table_privilege($1::name, c.oid, 'SELECT') THEN 'SELECT' END,
              CASE WHEN has_table_privilege($1::name, c.oid, 'INSERT') THEN 'INSERT' END,
              CASE WHEN has_table_privilege($1::name, c.oid, 'UPDATE') THEN 'UPDATE'
                   WHEN has_any_column_privilege($1::name, c.oid, 'UPDATE') THEN
                     'UPDATE(' || (SELECT string_agg(a.attname, ',' ORDER BY a.attname) FROM pg_attribute a
                                    WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                                      AND has_column_privilege($1::name, c.oid, a.attnum, 'UPDATE')) || ')' END,
              CASE WHEN has_table_privilege($1::name, c.oid, 'DELETE') THEN 'DELETE' END,
              CASE WHEN has_table_privilege($1::name, c.oid, 'TRUNCATE') THEN 'TRUNCATE' END,
              CASE WHEN has_table_privilege($1::name, c.oid, 'REFERENCES') THEN 'REFERENCES' END,
              CASE WHEN has_table_privilege($1::name, c.oid, 'TRIGGER') THEN 'TRIGGER' END) AS grants
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')`,
    [APP_ROLE],
  )) as Array<{ table: string; grants: string }>;
  return Object.fromEntries(rows.map((r) => [r.table, r.grants]));
}

describe(`the application role's grants (${onServer ? 'PostgreSQL server' : 'embedded'})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: false });
  });
  afterAll(() => t?.close());

  it('lets suivi_api read every table: a migration that adds one must grant it (migrations/index.ts)', async () => {
    const grants = await grantsOf(t);
    const unreadable = Object.entries(grants)
      .filter(([, g]) => !g.split(' ').includes('SELECT'))
      .map(([table]) => table);
    expect(unreadable).toEqual([]);
  });

  it('grants each table only what the application does to it, and the migrations table SELECT alone', async () => {
    const grants = await grantsOf(t);
    const known = Object.fromEntries(Object.keys(EXPECTED).map((table) => [table, grants[table] ?? '(no such table)']));
    expect(known).toEqual(EXPECTED);
  });

  it('lets suivi_api use every sequence of the schema', async () => {
    // CASE: the planner may test the privilege before the kind, and a table is not a sequence.
    const sequences = (await t.adminDb.query(
      `SELECT c.relname AS name, CASE WHEN c.relkind = 'S' THEN has_sequence_privilege($1::name, c.oid, 'USAGE') END AS usage
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind = 'S'`,
      [APP_ROLE],
    )) as Array<{ name: string; usage: boolean }>;
    expect(sequences.length).toBeGreaterThan(0);
    expect(sequences.filter((s) => !s.usage).map((s) => s.name)).toEqual([]);
  });

  (onServer ? it : it.skip)(
    'runs the API as a member of suivi_api that can neither rewrite the record nor turn its guards off',
    async () => {
      const [me] = (await t.db.query(
        `SELECT current_user AS name, r.rolsuper AS superuser, pg_has_role(current_user, $1::name, 'MEMBER') AS member,
              pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = 'audit_events'::regclass), 'MEMBER') AS owns
         FROM pg_roles r WHERE r.rolname = current_user`,
        [APP_ROLE],
      )) as Array<Record<string, unknown>>;
      expect(me).toEqual({ name: TEST_APP_ROLE, superuser: false, member: true, owns: false });
      await expect(t.db.query("UPDATE progress_reports SET status = 'completed'")).rejects.toThrow(/permission denied/);
      await expect(t.db.query("UPDATE audit_events SET action = 'changed'")).rejects.toThrow(/permission denied/);
      await expect(t.db.query('DELETE FROM audit_events')).rejects.toThrow(/permission denied/);
      await expect(t.db.query('TRUNCATE audit_records')).rejects.toThrow(/permission denied/);
      await expect(t.db.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only')).rejects.toThrow(/must be owner/);
      await expect(t.db.transaction((tx) => tx.query('SET LOCAL session_replication_role = replica'))).rejects.toThrow(/permission denied/);
      await expect(t.db.query('CREATE TABLE shadow (n int)')).rejects.toThrow(/permission denied/);
    },
  );
});

/** The built API run once with `args`, to its exit: its code and what it printed. */
async function runApiOnce(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-roles-'));
  try {
    return await runBuiltApi(args, { DATA_DIR: dataDir, LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: '0', ...env });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const withRole = (url: string, role: string) => {
  const u = new URL(url);
  u.username = role;
  u.password = '';
  return u.toString();
};

(onServer ? describe : describe.skip)('a production start (built API, PostgreSQL server)', () => {
  const serverUrl = process.env['DATABASE_URL'] ?? '';
  const PRODUCTION = {
    NODE_ENV: 'production',
    JWT_SECRET: 'j'.repeat(40),
    PSEUDONYM_KEY: 'p'.repeat(40),
    PUBLIC_URL: 'https://suivi.example.org',
    MAIL_OUTBOX_DIR: join(tmpdir(), `suivi-roles-outbox-${process.pid}`),
  };
  // A login role that is given audit_events, and one that is a member of the role given it.
  const OWNER = 'suivi_owner_test';
  const OWNERS = 'suivi_owners_test';
  let database: { url: string; drop(): Promise<void> };

  const refusal = async (url: string) => {
    const result = await runApiOnce([], { ...PRODUCTION, DATABASE_URL: url });
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    return result;
  };

  beforeAll(async () => {
    if (!existsSync(BUILT_API)) {
      throw new Error(`${BUILT_API} is missing: build the API first (npx nx build api)`);
    }
    await ensureTestAppRole(serverUrl);
    await adminQuery(
      serverUrl,
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNERS}') THEN CREATE ROLE ${OWNERS} NOLOGIN; END IF;
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${OWNER}') THEN CREATE ROLE ${OWNER} LOGIN IN ROLE ${OWNERS}; END IF;
       END $$`,
    );
    database = await scratchDatabase(serverUrl, 'roles');
  });
  afterAll(() => database?.drop());

  it('refuses to start before the migrate step, then `migrate` brings the schema up as the owner and exits', async () => {
    const before = await refusal(asTestAppRole(database.url));
    expect(before.code).toBe(1);
    expect(before.stderr.trim()).toMatch(/^DATABASE_URL: \d+ migrations are pending \(CreateSchema\d+, .*\): run npm run migrate/);

    // The migrate step needs no secret: only the owner's URL.
    const migrated = await runApiOnce(['migrate'], { NODE_ENV: 'production', MIGRATION_DATABASE_URL: database.url });
    expect(migrated).toMatchObject({ code: 0, stderr: '' });
    expect(migrated.stdout).toMatch(/^Migrations applied: CreateSchema\d+, .*GrantApplicationRole1764700000000/);
    const again = await runApiOnce(['migrate'], { NODE_ENV: 'production', MIGRATION_DATABASE_URL: database.url });
    expect(again).toMatchObject({ code: 0, stdout: 'No migration pending.\n' });
  });

  it('refuses to start as a superuser, naming the reason', async () => {
    const result = await refusal(database.url);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(/^DATABASE_URL: the role postgres is a superuser .*npm run migrate with MIGRATION_DATABASE_URL/);
  });

  it('refuses to start as the owner of audit_events, or as a member of its owner', async () => {
    const own = (role: string) => adminQuery(database.url, `ALTER TABLE audit_events OWNER TO ${role}`);
    try {
      await own(OWNER);
      const owner = await refusal(withRole(database.url, OWNER));
      expect(owner.code).toBe(1);
      expect(owner.stderr.trim()).toMatch(new RegExp(`^DATABASE_URL: the role ${OWNER} owns audit_events: in production`));

      await own(OWNERS);
      const member = await refusal(withRole(database.url, OWNER));
      expect(member.code).toBe(1);
      expect(member.stderr.trim()).toMatch(
        new RegExp(`^DATABASE_URL: the role ${OWNER} owns audit_events \\(it is a member of its owner, ${OWNERS}\\)`),
      );
    } finally {
      await own('postgres');
    }
  });

  it('starts as a member of suivi_api, and serves', async () => {
    const api = await startApiProcess({ ...PRODUCTION, LOG_LEVEL: 'warn', DATABASE_URL: asTestAppRole(database.url) }, { asGiven: true });
    try {
      expect((await fetch(`${api.baseUrl}/api/health`)).status).toBe(200);
      expect(await (await fetch(`${api.baseUrl}/api/info`)).json()).toMatchObject({ demo: false });
      expect(await (await fetch(`${api.baseUrl}/api/audit/verify`)).json()).toMatchObject({ valid: true });
    } finally {
      await api.stop();
    }
  });
});

(onServer ? describe.skip : describe)('the compose file (docker/compose.yml): migrations apart, the API without owner credentials', () => {
  interface Service {
    image?: string;
    command?: string[];
    restart?: string;
    environment?: Record<string, string>;
    depends_on?: Record<string, { condition: string }>;
    volumes?: string[];
  }
  const dockerDir = resolve(__dirname, '../../docker');
  const compose = parse(readFileSync(join(dockerDir, 'compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const apis = Object.entries(services).filter(([name, s]) => s.image === 'suivi:latest' && name !== 'migrate');
  const owner = services['postgres'].environment?.['POSTGRES_USER'] ?? '';
  const userOf = (url: string) => decodeURIComponent(new URL(url.replace(/\$\{[^}]*\}/g, 'secret')).username);

  it('runs the migrations once, as the owner, and nothing else', () => {
    const migrate = services['migrate'];
    expect(migrate.command).toEqual(['node', 'dist/apps/api/main.js', 'migrate']);
    expect(migrate.restart).toBe('no');
    expect(userOf(migrate.environment?.['MIGRATION_DATABASE_URL'] ?? '')).toBe(owner);
    expect(Object.keys(migrate.environment ?? {}).sort()).toEqual(['MIGRATION_DATABASE_URL', 'NODE_ENV']);
    expect(migrate.depends_on?.['postgres']).toEqual({ condition: 'service_healthy' });
  });

  it('starts every API instance after the migrations completed, as a role that is not the owner', () => {
    expect(apis.map(([name]) => name).sort()).toEqual(['api1', 'api2']);
    for (const [, api] of apis) {
      expect(api.depends_on?.['migrate']).toEqual({ condition: 'service_completed_successfully' });
      const env = api.environment ?? {};
      expect(env).not.toHaveProperty('MIGRATION_DATABASE_URL');
      expect(Object.values(env).join('\n')).not.toContain('POSTGRES_PASSWORD');
      expect(userOf(env['DATABASE_URL'])).toBe('suivi_app');
      expect(userOf(env['DATABASE_URL'])).not.toBe(owner);
    }
  });

  it('creates that role, a member of suivi_api, when the database is first initialised', () => {
    const mount = (services['postgres'].volumes ?? []).find((v) => v.includes('/docker-entrypoint-initdb.d/'));
    expect(mount).toBeDefined();
    const script = readFileSync(join(dockerDir, (mount ?? '').split(':')[0]), 'utf8');
    expect(script).toMatch(/CREATE ROLE suivi_app LOGIN PASSWORD :'app_password' IN ROLE suivi_api;/);
    expect(services['postgres'].environment).toHaveProperty('SUIVI_APP_PASSWORD');
  });
});
