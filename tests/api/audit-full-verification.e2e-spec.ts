import type { AuditChainBroken, AuditVerifyView, CheckpointView } from '@suivi/contracts';

import { AuditService } from '../../apps/api/src/audit/audit.service';
import { createApp } from '../../apps/api/src/bootstrap';
import { bearer, onServer, signIn, startTestApp, type Session, type TestApp } from './support/test-app';

type Row = Record<string, unknown>;

/**
 * Changes a row as someone holding the database could: the append-only triggers do not fire for
 * a session in replica mode. One transaction, so on the embedded database (one session) the mode
 * never leaks into the application's own queries.
 */
async function tamper(t: TestApp, sql: string, params: unknown[]): Promise<void> {
  await t.db.transaction(async (tx) => {
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

  async function catchesAndRecovers(seq: number, column: 'data' | 'actor', forged: string): Promise<void> {
    const checkpoint = await lastCheckpoint();
    expect(checkpoint.seq).toBeGreaterThan(seq);
    // The incremental check now starts from that checkpoint: it re-hashes nothing before it.
    expect(await verifyOverHttp()).toMatchObject({ valid: true });

    const [original] = (await t.db.query(`SELECT ${column} FROM audit_events WHERE seq = $1`, [seq])) as Row[];
    await tamper(t, `UPDATE audit_events SET ${column} = $2 WHERE seq = $1`, [seq, forged]);
    const tamperedAt = new Date();
    try {
      expect(await fullVerificationAfter(tamperedAt)).toMatchObject({ valid: false, brokenAt: seq });
      const refused = await t.http().post('/api/audit/checkpoints').set(bearer(secretariat)).expect(409);
      expect(refused.body).toMatchObject({
        statusCode: 409,
        code: 'chain_broken',
        firstBrokenSeq: seq,
      } satisfies Partial<AuditChainBroken> & {
        statusCode: number;
      });
      // The daily checkpoint is skipped too, however late it is.
      expect(await audit.checkpointIfDue(new Date(Date.now() + 48 * 3600 * 1000))).toBeNull();
      expect((await lastCheckpoint()).seq).toBe(checkpoint.seq);
    } finally {
      await tamper(t, `UPDATE audit_events SET ${column} = $2 WHERE seq = $1`, [seq, original[column]]);
    }
    const repairedAt = new Date();
    expect(await fullVerificationAfter(repairedAt)).toMatchObject({ valid: true });
    const published = (await t.http().post('/api/audit/checkpoints').set(bearer(secretariat)).expect(201)).body as CheckpointView;
    expect(published.seq).toBeGreaterThan(checkpoint.seq);
    expect(await lastCheckpoint()).toEqual(published);
  }

  it('catches an event’s data changed before the last checkpoint', async () => {
    await catchesAndRecovers(5, 'data', '{"forged":true}');
  });

  it('catches another event’s actor forged before the last checkpoint', async () => {
    await catchesAndRecovers(9, 'actor', 'user:00000000-0000-4000-8000-000000000000');
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
