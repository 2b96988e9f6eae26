import type { AuditChainBroken, AuditVerifyView, CheckpointView } from '@suivi/contracts';

import { AuditService } from '../../apps/api/src/audit/audit.service';
import { Clock } from '../../apps/api/src/clock/clock';
import { createApp } from '../../apps/api/src/bootstrap';
import { bearer, onServer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

type Row = Record<string, unknown>;

/**
 * Changes a row as someone holding the database could: the append-only triggers do not fire for
 * a session in replica mode. One transaction, so on the embedded database (one session) the mode
 * never leaks into the application's own queries.
 */
async function tamper(t: TestApp, sql: string, params: unknown[]): Promise<void> {
  await t.adminDb.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await tx.query(sql, params);
  });
}

/** Polls until `probe` answers something, or fails with what it last saw. */
async function until<T>(probe: () => Promise<T | null>, what: () => string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== null) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`gave up waiting for ${what()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`full verification in the background (${process.env['DATABASE_URL'] ? 'PostgreSQL server' : 'embedded'})`, () => {
  let t: TestApp;
  let secretariat: Session;
  let audit: AuditService;

  beforeAll(async () => {
    // Every second, so the background run is what catches the change.
    t = await startTestApp({ env: { FULL_VERIFY_EVERY: '1' } });
    secretariat = await signIn(t, 'secretariat@suivi.demo');
    audit = t.running.app.get(AuditService);
  });
  afterAll(() => t?.close());

  const verifyOverHttp = async () => (await t.http().get('/api/audit/verify').expect(200)).body as AuditVerifyView;
  /** The answer of the first full verification that began after `since`. */
  const fullVerificationAfter = (since: Date) => {
    let last: AuditVerifyView | null = null;
    return until(
      async () => {
        last = await verifyOverHttp();
        return last.fullyVerifiedAt && new Date(last.fullyVerifiedAt) > since ? last : null;
      },
      () => `a full verification begun after ${since.toISOString()}; GET /audit/verify last said ${JSON.stringify(last)}`,
    );
  };
  const lastCheckpoint = async () => ((await t.http().get('/api/audit/checkpoints').expect(200)).body as CheckpointView[])[0];

  /**
   * Tampers, expects the next full verification and a checkpoint to catch it (the checkpoint
   * refused with its code, the daily one skipped), puts the row back and expects both to pass.
   */
  async function catchesAndRecovers(
    change: { tamper: () => Promise<void>; restore: () => Promise<void> },
    expected: { brokenAt?: number; brokenRecord?: unknown },
  ): Promise<void> {
    const checkpoint = await lastCheckpoint();
    // The incremental check starts from that checkpoint: it re-hashes nothing before it.
    expect(await verifyOverHttp()).toMatchObject({ valid: true });

    await change.tamper();
    const tamperedAt = new Date();
    try {
      const caught = await fullVerificationAfter(tamperedAt);
      expect(caught).toMatchObject({ valid: false, ...expected });
      const refused = await t.http().post('/api/audit/checkpoints').set(bearer(secretariat)).expect(409);
      expect(refused.body).toMatchObject({
        statusCode: 409,
        code: 'chain_broken',
        firstBrokenSeq: caught.brokenAt,
      } satisfies Partial<AuditChainBroken> & {
        statusCode: number;
      });
      // The daily checkpoint is skipped too, however late it is.
      expect(await audit.checkpointIfDue(new Date(Date.now() + 48 * 3600 * 1000))).toBeNull();
      expect((await lastCheckpoint()).seq).toBe(checkpoint.seq);
    } finally {
      await change.restore();
    }
    const repairedAt = new Date();
    expect(await fullVerificationAfter(repairedAt)).toMatchObject({ valid: true });
    const published = (await t.http().post('/api/audit/checkpoints').set(bearer(secretariat)).expect(201)).body as CheckpointView;
    expect(published.seq).toBeGreaterThan(checkpoint.seq);
    expect(await lastCheckpoint()).toEqual(published);
  }

  /** One column of one row changed with the triggers off, and put back as it was. */
  async function columnChange(table: string, id: unknown, column: string, forged: unknown) {
    const key = table === 'audit_events' ? 'seq' : 'id';
    const [original] = (await t.db.query(`SELECT ${column} AS value FROM ${table} WHERE ${key} = $1`, [id])) as Row[];
    expect(original).toBeDefined();
    return {
      tamper: () => tamper(t, `UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1`, [id, forged]),
      restore: () => tamper(t, `UPDATE ${table} SET ${column} = $2 WHERE ${key} = $1`, [id, original['value']]),
    };
  }

  /** The latest event binding a record: where verification blames a row changed since. */
  const boundAt = async (type: string, id: unknown) =>
    Number(
      ((await t.db.query('SELECT max(seq) AS seq FROM audit_records WHERE record_type = $1 AND record_id = $2', [type, id])) as Row[])[0][
        'seq'
      ],
    );

  it('catches an event’s data changed before the last checkpoint', async () => {
    expect((await lastCheckpoint()).seq).toBeGreaterThan(5);
    await catchesAndRecovers(await columnChange('audit_events', 5, 'data', '{"forged":true}'), { brokenAt: 5 });
  });

  it('catches another event’s actor forged before the last checkpoint', async () => {
    expect((await lastCheckpoint()).seq).toBeGreaterThan(9);
    await catchesAndRecovers(await columnChange('audit_events', 9, 'actor', 'user:00000000-0000-4000-8000-000000000000'), { brokenAt: 9 });
  });

  it('catches a progress report rewritten in its table', async () => {
    const [report] = (await t.db.query(
      `SELECT id FROM progress_reports WHERE narrative_en IS NOT NULL ORDER BY created_at LIMIT 1`,
    )) as Row[];
    await catchesAndRecovers(await columnChange('progress_reports', report['id'], 'narrative_en', 'All of it was done, on time.'), {
      brokenAt: await boundAt('report', report['id']),
      brokenRecord: `report:${report['id']}`,
    });
  });

  it('catches a verification inserted behind the API’s back: a row no event binds', async () => {
    const [report] = (await t.db.query(
      `SELECT p.id, p.organization_id FROM progress_reports p
        WHERE p.kind = 'self_report' AND NOT EXISTS (SELECT 1 FROM report_verifications v WHERE v.report_id = p.id) LIMIT 1`,
    )) as Row[];
    const [{ head }] = (await t.db.query('SELECT max(seq)::int AS head FROM audit_events')) as Array<{ head: number }>;
    let inserted = '';
    await catchesAndRecovers(
      {
        tamper: async () => {
          const [row] = (await t.adminDb.query(
            'INSERT INTO report_verifications (report_id, organization_id) VALUES ($1, $2) RETURNING id',
            [report['id'], report['organization_id']],
          )) as Row[];
          inserted = row['id'] as string;
        },
        restore: () => tamper(t, 'DELETE FROM report_verifications WHERE id = $1', [inserted]),
      },
      // Nothing bound it: blamed on the event after the head, and named.
      { brokenAt: head + 1, brokenRecord: expect.stringMatching(/^verification:[0-9a-f-]{36}$/) },
    );
  });

  it('catches a quiet purge: a message’s words erased, or an event’s data, with no purge event', async () => {
    const [message] = (await t.db.query(
      `SELECT m.id FROM messages m JOIN threads th ON th.id = m.thread_id WHERE th.visibility = 'public' AND m.state = 'visible' LIMIT 1`,
    )) as Row[];
    await catchesAndRecovers(await columnChange('messages', message['id'], 'body', ''), {
      brokenAt: await boundAt('message', message['id']),
      brokenRecord: `message:${message['id']}`,
    });
    const [event] = (await t.db.query(
      `SELECT seq, data, salt FROM audit_events WHERE action = 'message.created' ORDER BY seq LIMIT 1`,
    )) as Row[];
    const seq = Number(event['seq']);
    await catchesAndRecovers(
      {
        tamper: () => tamper(t, 'UPDATE audit_events SET data = NULL, salt = NULL, purged_at = now() WHERE seq = $1', [seq]),
        restore: () =>
          tamper(t, 'UPDATE audit_events SET data = $2, salt = $3, purged_at = NULL WHERE seq = $1', [seq, event['data'], event['salt']]),
      },
      { brokenAt: seq },
    );
  });

  it('catches access state changed in SQL: a user’s role, an organisation’s group, a derived status', async () => {
    const [civil] = (await t.db.query(`SELECT id FROM users WHERE email = 'civil@suivi.demo'`)) as Row[];
    // Access state is bound under the seal: the public answer names the kind, never the account.
    await catchesAndRecovers(await columnChange('users', civil['id'], 'role', 'secretariat'), {
      brokenAt: await boundAt('user', civil['id']),
      brokenRecord: 'user',
    });
    const [org] = (await t.db.query(`SELECT id FROM organizations WHERE stakeholder_group = 'government' LIMIT 1`)) as Row[];
    await catchesAndRecovers(await columnChange('organizations', org['id'], 'stakeholder_group', 'civil_society'), {
      brokenAt: await boundAt('organization', org['id']),
      brokenRecord: `organization:${org['id']}`,
    });
    const [commitment] = (await t.db.query(`SELECT id, current_status FROM commitments WHERE NOT contested LIMIT 1`)) as Row[];
    const other = commitment['current_status'] === 'completed' ? 'stalled' : 'completed';
    await catchesAndRecovers(await columnChange('commitments', commitment['id'], 'assessed_status', other), {
      brokenRecord: `commitment:${commitment['id']}`,
    });
  });

  it('moves the calendar past a due date and renames an organisation: the record still verifies', async () => {
    const clock = t.running.app.get(Clock);
    const [commitment] = (await t.db.query(
      `SELECT id, due_date FROM commitments WHERE due_date IS NOT NULL AND current_status NOT IN ('completed', 'withdrawn') ORDER BY due_date LIMIT 1`,
    )) as Row[];
    const due = Date.parse(`${commitment['due_date'] as string}T00:00:00Z`);
    const overdue = async () =>
      ((await t.http().get(`/api/commitments/${commitment['id']}`).expect(200)).body as { overdue: boolean }).overdue;
    try {
      // The day before its due date, then two days after: overdue follows the one clock.
      await clock.setTestOffset(due - 24 * 3600 * 1000 - Date.now());
      expect(await clock.today()).toBe(new Date(due - 24 * 3600 * 1000).toISOString().slice(0, 10));
      expect(await overdue()).toBe(false);
      await clock.setTestOffset(due + 2 * 24 * 3600 * 1000 - Date.now());
      expect(await overdue()).toBe(true);

      const [org] = (await t.db.query(`SELECT o.id FROM organizations o JOIN commitments c ON c.owner_id = o.id LIMIT 1`)) as Row[];
      await t
        .http()
        .patch(`/api/organizations/${org['id']}`)
        .set(bearer(secretariat))
        .send({ name: { en: 'Renamed ministry', fr: 'Ministère renommé' } })
        .expect(200);
      expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: true });
    } finally {
      await clock.setTestOffset(0);
    }
  });

  /** Pauses the next full verification on this instance once its lock is held; `release` lets it finish. */
  function pauseNextFullVerification(): { entered: Promise<void>; release: () => void } {
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const entered = new Promise<void>((resolve) => {
      audit.testHooks.duringFullVerification = () => {
        audit.testHooks.duringFullVerification = undefined;
        resolve();
        return held;
      };
    });
    return { entered, release };
  }

  it('runs one full verification at a time in an instance: a second one asked meanwhile skips', async () => {
    const paused = pauseNextFullVerification();
    await paused.entered;
    try {
      expect(await audit.runFullVerification()).toBeNull();
    } finally {
      paused.release();
    }
    expect(await audit.runFullVerification({ wait: true })).toMatchObject({ valid: true });
  });

  (onServer ? it : it.skip)('runs one full verification at a time across instances: the other instance skips, not waits', async () => {
    // A second instance on the same database, whose own timer stays out of the way.
    const other = await createApp({ ...t.config, fullVerifyEvery: 3600 });
    try {
      const otherAudit = other.app.get(AuditService);
      const paused = pauseNextFullVerification();
      await paused.entered;
      try {
        expect(await otherAudit.runFullVerification()).toBeNull();
      } finally {
        paused.release();
      }
      expect(await otherAudit.runFullVerification({ wait: true })).toMatchObject({ valid: true });
    } finally {
      await other.close();
    }
    // Whichever instance ran them, no two stored runs overlap.
    const runs = (await t.db.query('SELECT started_at, finished_at FROM audit_verifications ORDER BY started_at')) as Array<{
      started_at: Date;
      finished_at: Date;
    }>;
    expect(runs.length).toBeGreaterThan(2);
    runs.slice(1).forEach((run, i) => expect(run.started_at.getTime()).toBeGreaterThanOrEqual(runs[i].finished_at.getTime()));
  });
});
