import { createApp } from '../../apps/api/src/bootstrap';
import { DemoSeeder } from '../../apps/api/src/seed/seed.service';
import { startTestApp, type TestApp } from './support/test-app';
import { OpenDataService } from '../../apps/api/src/exports/open-data.service';
import { RoundTick } from '../../apps/api/src/rounds/round-tick.service';

const TABLES = [
  'organizations',
  'users',
  'dialogues',
  'dialogue_participants',
  'recommendations',
  'commitments',
  'commitment_supporters',
  'commitment_recommendations',
  'progress_reports',
  'report_verifications',
  'report_translations',
  'milestones',
  'evidence_files',
  'follows',
  'threads',
  'messages',
  'sessions',
  'password_resets',
  'flags',
  'sanctions',
  'notifications',
  'audit_events',
  'audit_checkpoints',
  'app_settings',
];

describe('database', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  it(`creates every table of the domain through migrations (${process.env['DATABASE_URL'] ? 'server' : 'embedded'})`, async () => {
    const rows = (await t.db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()`)) as Array<{
      table_name: string;
    }>;
    expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining([...TABLES, 'migrations']));
  });

  it('keeps two concurrent transactions isolated: a rollback loses only its own write', async () => {
    const marker = `iso-${Date.now()}`;
    let releaseA: () => void = () => undefined;
    const aMayFinish = new Promise<void>((resolve) => (releaseA = resolve));
    let aInserted: () => void = () => undefined;
    const aHasInserted = new Promise<void>((resolve) => (aInserted = resolve));

    const a = t.db
      .transaction(async (tx) => {
        await tx.query(`INSERT INTO app_settings (key, value) VALUES ($1, '"a"')`, [`${marker}-a`]);
        aInserted();
        await aMayFinish;
        throw new Error('roll back A');
      })
      .catch((error: Error) => error.message);
    await aHasInserted;
    // B runs while A is open: it must not see A's row, and its own commit must not keep A's.
    const b = t.db.transaction(async (tx) => {
      const seen = (await tx.query('SELECT count(*)::int AS n FROM app_settings WHERE key = $1', [`${marker}-a`])) as Array<{ n: number }>;
      await tx.query(`INSERT INTO app_settings (key, value) VALUES ($1, '"b"')`, [`${marker}-b`]);
      return seen[0].n;
    });
    setTimeout(releaseA, 200);
    expect(await a).toBe('roll back A');
    expect(await b).toBe(0);
    const rows = (await t.db.query('SELECT key FROM app_settings WHERE key LIKE $1 ORDER BY key', [`${marker}%`])) as Array<{
      key: string;
    }>;
    expect(rows.map((r) => r.key)).toEqual([`${marker}-b`]);
  });

  it('undoes and redoes every migration (down() is real)', async () => {
    const other = await startTestApp({ seed: false });
    try {
      // The schema comes down under a running app, as no deployment would take it: its background
      // work (the open data export's snapshot, begun at start; the round tick) is stopped first, or
      // a down migration's DROP and the export's reads can deadlock.
      await other.running.app.get(OpenDataService).onModuleDestroy();
      await other.running.app.get(RoundTick).onModuleDestroy();
      for (let i = 0; i < other.adminDb.migrations.length; i++) {
        await other.adminDb.undoLastMigration({ transaction: 'each' });
      }
      const left = (await other.db.query(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'commitments'`,
      )) as Array<{ n: number }>;
      expect(left[0].n).toBe(0);
      await other.adminDb.runMigrations({ transaction: 'each' });
      await other.http().get('/api/commitments').expect(200);
    } finally {
      await other.close();
    }
  });

  it('keeps its data across a restart and never seeds twice', async () => {
    const count = async (db: TestApp['db']) =>
      (await db.query(`SELECT (SELECT count(*)::int FROM commitments) AS c, (SELECT count(*)::int FROM audit_events) AS e`))[0];
    const before = await count(t.db);
    expect(before.c).toBeGreaterThanOrEqual(8);
    expect(await t.running.app.get(DemoSeeder).seedIfEmpty('another-password')).toMatchObject({ seeded: false });
    await t.running.close();
    t.running = await createApp(t.config);
    t.db = t.running.database.dataSource;
    expect(await count(t.db)).toEqual(before);
    await t.running.app.getHttpAdapter().getInstance().ready();
  });
});
