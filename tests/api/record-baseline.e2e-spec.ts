import { AuditService } from '../../apps/api/src/audit/audit.service';
import { createApp } from '../../apps/api/src/bootstrap';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Rows written before records were bound (by an older version, or the benchmark's generator) are
 * bound at the next start by record.baseline events, when the migration asked for it, once; a
 * row inserted behind the API's back afterwards is reported, never bound.
 */
describe(`record.baseline (${process.env['DATABASE_URL'] ? 'PostgreSQL server' : 'embedded'})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ seed: false, leavesRecordBroken: true });
  });
  afterAll(() => t?.close());

  async function restart(): Promise<AuditService> {
    await t.running.close();
    t.running = await createApp(t.config);
    t.db = t.running.database.dataSource;
    return t.running.app.get(AuditService);
  }

  const insertOrganization = async (name: string) =>
    (
      (await t.adminDb.query(`INSERT INTO organizations (name_en, stakeholder_group) VALUES ($1, 'civil_society') RETURNING id`, [
        name,
      ])) as Array<{
        id: string;
      }>
    )[0].id;

  it('binds what an older version wrote at the next start, once, and reports what is inserted afterwards', async () => {
    // As an older version left it: rows and no binding. The migration asked for a baseline.
    const first = await insertOrganization('Older collective');
    const [dialogue] = (await t.adminDb.query(
      `INSERT INTO dialogues (title_en, start_date, end_date) VALUES ('Older dialogue', '2014-03-01', '2014-03-02') RETURNING id`,
    )) as Array<{ id: string }>;
    await t.adminDb.query(
      `INSERT INTO threads (dialogue_id, visibility, title_en) VALUES ($1, 'group:civil_society', 'Older safe space')`,
      [dialogue.id],
    );
    await t.adminDb.query(`INSERT INTO app_settings (key, value) VALUES ('records.baseline', '"pending"'::jsonb)`);

    let audit = await restart();
    const baselines = (await t.db.query(`SELECT canonical FROM audit_events WHERE action = 'record.baseline' ORDER BY seq`)) as Array<{
      canonical: string;
    }>;
    expect(baselines.length).toBeGreaterThanOrEqual(2);
    expect(baselines.map((b) => b.canonical).join()).toContain(first);
    // The safe space is bound under the seal: no baseline text names it.
    const [safe] = (await t.db.query(`SELECT id FROM threads WHERE title_en = 'Older safe space'`)) as Array<{ id: string }>;
    expect(baselines.map((b) => b.canonical).join()).not.toContain(safe.id);
    expect(await t.db.query(`SELECT 1 FROM app_settings WHERE key = 'records.baseline'`)).toEqual([]);
    expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: true });

    // Asked once: a row inserted behind the API's back afterwards stays unbound, and shows.
    const later = await insertOrganization('Inserted later');
    audit = await restart();
    expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: false, brokenRecord: `organization:${later}` });
    await t.adminDb.query('DELETE FROM organizations WHERE id = $1', [later]);
    expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: true });
  });
});
