import { randomBytes } from 'node:crypto';

import { ConflictException, Inject, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditChainBroken, AuditEventView, AuditVerifyView, CheckpointView } from '@suivi/contracts';
import { DataSource, EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';

import { withoutQueryParameters } from '../common/http-exception.filter';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { canonicalEvent, canonicalJson, chainHash, dataDigest, GENESIS_HASH } from './canonical';

/** Who did something, as the chain records it: `user:<id>`, `pseudonym:<name>` or `system`. */
export type AuditActor = string | null;

export interface AuditEntry {
  actor: AuditActor;
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The public record this event belongs to, e.g. `commitment:<id>`. */
  subject?: string | null;
  data?: unknown;
}

export interface AppendedEvent {
  seq: number;
  hash: string;
  at: Date;
}

/** The result of a full verification, as stored in `audit_verifications`. */
export interface FullVerification {
  startedAt: Date;
  finishedAt: Date;
  valid: boolean;
  count: number;
  head: string | null;
  firstBrokenSeq: number | null;
}

type Queryable = Pick<EntityManager, 'query'>;
type VerifyResult = Omit<AuditVerifyView, 'fullyVerifiedAt'>;

/** A checkpoint refused because the chain does not verify: a 409 with a code the client can read. */
export class ChainBrokenException extends ConflictException {
  constructor(firstBrokenSeq: number) {
    const body: AuditChainBroken & { message: string } = {
      message: `The audit chain does not verify from event ${firstBrokenSeq}; no checkpoint was published`,
      code: 'chain_broken',
      firstBrokenSeq,
    };
    super(body);
  }
}

/** Thrown between batches when the application stops during a full verification. */
class VerificationStopped extends Error {}

interface EventRow {
  seq: string;
  actor: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  subject: string | null;
  data_digest: string;
  prev_hash: string;
  hash: string;
  canonical: string;
  data: string | null;
  salt: string | null;
}

/** Any constant works; it only has to be the same for every instance. */
const CHAIN_LOCK_KEY = 7_301_982_014;
/** Held (session-level) by the instance running a full verification; the others skip theirs. */
const FULL_VERIFY_LOCK_KEY = CHAIN_LOCK_KEY + 2;
/** Rows read per query when re-hashing: memory stays bounded whatever the chain's length. */
const VERIFY_BATCH = 2_000;
/** How long a verification answer is reused before the chain is read again. */
const VERIFY_CACHE_MS = 10_000;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * How long the chain's head, as a version for caches and ETags, is reused. A commit on this
 * instance makes it read again at once; one on another instance shows within this time.
 */
export const HEAD_VERSION_MS = 1_000;

export const systemActor = 'system';
export const userActor = (id: string) => `user:${id}`;
/** A pseudonymous write is recorded under its pseudonym, never its author (DESIGN.md, Safe participation). */
export const pseudonymActor = (pseudonym: string) => `pseudonym:${pseudonym}`;

@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuditService.name);
  /** The latest checkpoint that a verification confirmed: incremental checks start from it. */
  private anchor: { seq: number; hash: string } | null = null;
  private cached: { view: AuditVerifyView; at: number } | null = null;
  private inFlight: Promise<AuditVerifyView> | null = null;
  private dailyTimer: NodeJS.Timeout | null = null;
  private fullTimer: NodeJS.Timeout | null = null;
  /** The full verification this instance is running, if any. */
  private fullRun: Promise<FullVerification | null> | null = null;
  /** Bumped when a full verification is stored here: a verify answer begun before it is not cached. */
  private fullGeneration = 0;
  private stopping = false;
  /** Test-only: runs inside a full verification, its lock held, before the first batch is read. */
  readonly testHooks: { duringFullVerification?: () => Promise<void> } = {};

  /** Bumped after every commit that appended here: the head version's cache is stale then. */
  private commits = 0;
  private headVersion: { seq: number; commits: number; at: number } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    // TypeORM tells subscribers after each commit; `append` marks the transactions it wrote in.
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: (event: TransactionCommitEvent) => {
        const data = event.queryRunner.data as { auditAppended?: boolean };
        if (data.auditAppended) {
          data.auditAppended = false;
          this.commits++;
        }
      },
    };
    db.subscribers.push(subscriber);
  }

  onModuleInit(): void {
    // Daily checkpoints: checked hourly so a restart never skips a day.
    this.dailyTimer = setInterval(() => void this.checkpointIfDue(), 60 * 60 * 1000);
    this.dailyTimer.unref();
    this.scheduleFullVerification();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.dailyTimer) {
      clearInterval(this.dailyTimer);
    }
    if (this.fullTimer) {
      clearTimeout(this.fullTimer);
    }
    // A run in progress stops at its next batch; the database is closed only after this.
    await this.fullRun?.catch(() => undefined);
  }

  /** The next run is timed from the end of the previous one, so runs never pile up on a slow machine. */
  private scheduleFullVerification(): void {
    this.fullTimer = setTimeout(() => {
      void this.fullVerificationIfDue().finally(() => {
        if (!this.stopping) {
          this.scheduleFullVerification();
        }
      });
    }, this.config.fullVerifyEvery * 1000);
    this.fullTimer.unref();
  }

  /**
   * Appends one event to the chain, inside the caller's transaction, so the write and its record
   * commit or roll back together. The advisory lock is the last step before the insert: it is held
   * until commit, so appends are numbered head + 1 one at a time and the chain never forks.
   */
  async append(tx: EntityManager, entry: AuditEntry): Promise<AppendedEvent> {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) {
      throw new Error('AuditService.append must run inside the transaction of the write it records');
    }
    const salt = randomBytes(16).toString('hex');
    const dataText = canonicalJson(entry.data ?? null);
    const digest = dataDigest(salt, dataText);

    (runner.data as { auditAppended?: boolean }).auditAppended = true;
    await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY]);
    const [head] = (await tx.query('SELECT seq, hash, at FROM audit_events ORDER BY seq DESC LIMIT 1')) as Array<{
      seq: string;
      hash: string;
      at: Date;
    }>;
    const seq = head ? Number(head.seq) + 1 : 1;
    const prevHash = head?.hash ?? GENESIS_HASH;
    // Time never runs backwards along the chain, even across instances with skewed clocks.
    const now = new Date();
    const at = head && head.at > now ? new Date(head.at.getTime() + 1) : now;
    const canonical = canonicalEvent({
      seq,
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      subject: entry.subject ?? null,
      dataDigest: digest,
    });
    const hash = chainHash(prevHash, canonical);
    await tx.query(
      `INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, subject, data_digest, prev_hash, hash, canonical, data, salt)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        seq,
        at,
        entry.actor,
        entry.action,
        entry.entityType,
        entry.entityId ?? null,
        entry.subject ?? null,
        digest,
        prevHash,
        hash,
        canonical,
        dataText,
        salt,
      ],
    );
    return { seq, hash, at };
  }

  /**
   * Answers whether the chain verifies. Public and cheap: the answer is reused for a few seconds,
   * concurrent callers share one computation, and only events after the last verified checkpoint
   * are re-hashed. `full` re-hashes from the first event (done for every checkpoint).
   */
  async verify(options: { full?: boolean } = {}): Promise<AuditVerifyView> {
    if (!options.full && this.cached && Date.now() - this.cached.at < VERIFY_CACHE_MS) {
      return this.cached.view;
    }
    if (!options.full && this.inFlight) {
      return this.inFlight;
    }
    const generation = this.fullGeneration;
    const run = this.verifyWithStoredResult(Boolean(options.full)).finally(() => {
      if (this.inFlight === run) {
        this.inFlight = null;
      }
    });
    if (!options.full) {
      this.inFlight = run;
    }
    const view = await run;
    if (generation === this.fullGeneration) {
      this.cached = { view, at: Date.now() };
    }
    return view;
  }

  /**
   * The incremental check, joined with the latest stored full verification: a break found there
   * (before the checkpoint the incremental check starts from) holds until a later one passes.
   */
  private async verifyWithStoredResult(full: boolean): Promise<AuditVerifyView> {
    const view = await this.computeVerification(full, this.db);
    const latest = await this.latestFullVerification(this.db);
    const fullyVerifiedAt = latest?.startedAt.toISOString() ?? null;
    if (!latest || latest.valid || latest.firstBrokenSeq === null) {
      return { ...view, fullyVerifiedAt };
    }
    const brokenAt = Math.min(latest.firstBrokenSeq, view.brokenAt ?? Number.POSITIVE_INFINITY);
    return { ...view, valid: false, brokenAt, fullyVerifiedAt };
  }

  private async computeVerification(full: boolean, db: Queryable, shouldStop?: () => boolean): Promise<VerifyResult> {
    const checkedAt = new Date().toISOString();
    const checkpoints = (await db.query('SELECT seq, hash FROM audit_checkpoints ORDER BY seq')) as Array<{
      seq: string;
      hash: string;
    }>;
    let start = full ? null : this.anchor;
    if (start) {
      // The anchor itself must still be the row that was verified.
      const [row] = (await db.query('SELECT * FROM audit_events WHERE seq = $1', [start.seq])) as EventRow[];
      if (!row || row.hash !== start.hash || chainHash(row.prev_hash, row.canonical) !== row.hash) {
        start = null;
      }
    }
    const result = await this.walk(start, db, shouldStop);
    if (result.valid) {
      // A checkpoint kept in the database must still match its event: a rewritten chain does not.
      for (const cp of checkpoints) {
        const seq = Number(cp.seq);
        if (seq > result.count) {
          return { valid: false, count: result.count, head: result.head, brokenAt: result.count + 1, checkedAt };
        }
      }
      const hashes = checkpoints.length
        ? ((await db.query('SELECT seq, hash FROM audit_events WHERE seq = ANY($1::bigint[])', [checkpoints.map((c) => c.seq)])) as Array<{
            seq: string;
            hash: string;
          }>)
        : [];
      const bySeq = new Map(hashes.map((h) => [h.seq, h.hash]));
      const mismatch = checkpoints.find((c) => bySeq.get(c.seq) !== c.hash);
      if (mismatch) {
        return { valid: false, count: result.count, head: result.head, brokenAt: Number(mismatch.seq), checkedAt };
      }
      const last = checkpoints.at(-1);
      if (last) {
        this.anchor = { seq: Number(last.seq), hash: last.hash };
      }
    } else {
      this.anchor = null;
    }
    return { ...result, checkedAt };
  }

  /** Re-hashes events after `start` (or from the first one), checking links, numbering and digests. */
  private async walk(
    start: { seq: number; hash: string } | null,
    db: Queryable,
    shouldStop?: () => boolean,
  ): Promise<{ valid: boolean; count: number; head: string | null; brokenAt?: number }> {
    let expectedSeq = start ? start.seq + 1 : 1;
    let prevHash = start ? start.hash : GENESIS_HASH;
    let head: string | null = start ? start.hash : null;
    for (;;) {
      if (shouldStop?.()) {
        throw new VerificationStopped();
      }
      const rows = (await db.query(
        `SELECT seq, actor, action, entity_type, entity_id, subject, data_digest, prev_hash, hash, canonical, data, salt
           FROM audit_events WHERE seq >= $1 ORDER BY seq LIMIT $2`,
        [expectedSeq, VERIFY_BATCH],
      )) as EventRow[];
      for (const row of rows) {
        const seq = Number(row.seq);
        if (seq !== expectedSeq || !this.rowIsIntact(row, prevHash)) {
          return { valid: false, count: expectedSeq - 1, head, brokenAt: expectedSeq };
        }
        prevHash = row.hash;
        head = row.hash;
        expectedSeq += 1;
      }
      if (rows.length < VERIFY_BATCH) {
        // A row deleted below the lowest one read shows as a gap; one deleted at the very start
        // shows as a first event that is not number 1. Rows appended since the last batch was
        // read are not counted: they are no gap.
        const [{ n }] = (await db.query('SELECT count(*)::int AS n FROM audit_events WHERE seq < $1', [expectedSeq])) as Array<{
          n: number;
        }>;
        if (n !== expectedSeq - 1) {
          const [{ first }] = (await db.query(
            `SELECT coalesce(min(s), 1) AS first FROM generate_series(1, $1::bigint) s
              WHERE NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.seq = s)`,
            [expectedSeq - 1],
          )) as Array<{ first: string }>;
          return { valid: false, count: n, head, brokenAt: Number(first) };
        }
        return { valid: true, count: expectedSeq - 1, head };
      }
    }
  }

  private rowIsIntact(row: EventRow, prevHash: string): boolean {
    if (row.prev_hash !== prevHash || chainHash(row.prev_hash, row.canonical) !== row.hash) {
      return false;
    }
    let fields: Record<string, unknown>;
    try {
      fields = JSON.parse(row.canonical) as Record<string, unknown>;
    } catch {
      return false;
    }
    // The columns people read must say what the hashed text says.
    if (
      fields['seq'] !== Number(row.seq) ||
      fields['actor'] !== row.actor ||
      fields['action'] !== row.action ||
      fields['entityType'] !== row.entity_type ||
      fields['entityId'] !== row.entity_id ||
      fields['subject'] !== row.subject ||
      fields['dataDigest'] !== row.data_digest
    ) {
      return false;
    }
    // Purged data has nothing left to check; kept data must match its digest.
    if (row.data !== null || row.salt !== null) {
      if (row.data === null || row.salt === null || dataDigest(row.salt, row.data) !== row.data_digest) {
        return false;
      }
    }
    return true;
  }

  async hashAt(seq: number): Promise<string | null> {
    const [row] = (await this.db.query('SELECT hash FROM audit_events WHERE seq = $1', [seq])) as Array<{ hash: string }>;
    return row?.hash ?? null;
  }

  async checkpoints(limit = 100): Promise<CheckpointView[]> {
    const rows = (await this.db.query('SELECT seq, hash, created_at FROM audit_checkpoints ORDER BY seq DESC LIMIT $1', [limit])) as Array<{
      seq: string;
      hash: string;
      created_at: Date;
    }>;
    return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash, createdAt: r.created_at.toISOString() }));
  }

  /**
   * The head's seq as a version: every write moves it. Read from the database at most every
   * HEAD_VERSION_MS, and at once after a commit on this instance, so that a public read served
   * from a cache (the dashboard) costs no query.
   */
  async headSeq(): Promise<number> {
    const cached = this.headVersion;
    if (cached && cached.commits === this.commits && Date.now() - cached.at < HEAD_VERSION_MS) {
      return cached.seq;
    }
    const commits = this.commits;
    const at = Date.now();
    const seq = (await this.head())?.seq ?? 0;
    this.headVersion = { seq, commits, at };
    return seq;
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    const [row] = (await this.db.query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as Array<{
      seq: string;
      hash: string;
    }>;
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  /**
   * Re-hashes the whole chain from the first event, a batch at a time, and stores the result.
   * The timer's runs (`wait: false`) skip when another instance holds the lock, or, given
   * `notSince`, when a verification begun since then is stored; a checkpoint's run waits its turn.
   * Null when skipped, or when the application stopped meanwhile.
   */
  async runFullVerification(options: { wait?: boolean; notSince?: Date } = {}): Promise<FullVerification | null> {
    // One at a time in this process as well: on the embedded database every connection shares
    // one session, in which an advisory lock is granted again to whoever asks.
    while (this.fullRun) {
      if (!options.wait) {
        return null;
      }
      await this.fullRun.catch(() => undefined);
    }
    if (this.stopping) {
      return null;
    }
    const run = this.fullVerificationLocked(options).finally(() => {
      this.fullRun = null;
    });
    this.fullRun = run;
    return run;
  }

  /** What the timer calls: a full verification unless one ran within the last half-interval (on any instance). */
  async fullVerificationIfDue(now = new Date()): Promise<FullVerification | null> {
    try {
      return await this.runFullVerification({ notSince: new Date(now.getTime() - (this.config.fullVerifyEvery * 1000) / 2) });
    } catch (error) {
      this.logger.error({ err: withoutQueryParameters(error) }, 'full verification of the audit chain failed to run');
      return null;
    }
  }

  private async fullVerificationLocked(options: { wait?: boolean; notSince?: Date }): Promise<FullVerification | null> {
    // A connection of its own, not a transaction: the lock lives as long as the session, and the
    // batches read committed rows without holding back the writers (or, embedded, everyone).
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      if (options.wait) {
        await runner.query('SELECT pg_advisory_lock($1)', [FULL_VERIFY_LOCK_KEY]);
      } else {
        const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [FULL_VERIFY_LOCK_KEY])) as Array<{
          locked: boolean;
        }>;
        if (!locked) {
          this.logger.debug('full verification skipped: another instance is running one');
          return null;
        }
      }
      try {
        const latest = options.notSince ? await this.latestFullVerification(runner) : null;
        if (latest && options.notSince && latest.startedAt >= options.notSince) {
          return null;
        }
        if (this.config.nodeEnv === 'test') {
          await this.testHooks.duringFullVerification?.();
        }
        const startedAt = new Date();
        const view = await this.computeVerification(true, runner, () => this.stopping);
        const result: FullVerification = {
          startedAt,
          finishedAt: new Date(),
          valid: view.valid,
          count: view.count,
          head: view.head,
          firstBrokenSeq: view.valid ? null : (view.brokenAt ?? view.count + 1),
        };
        await runner.query(
          `INSERT INTO audit_verifications (started_at, finished_at, valid, count, head, first_broken_seq)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [result.startedAt, result.finishedAt, result.valid, result.count, result.head, result.firstBrokenSeq],
        );
        this.fullGeneration++;
        this.cached = null;
        const took = result.finishedAt.getTime() - startedAt.getTime();
        if (result.valid) {
          this.logger.log({ count: result.count, ms: took }, 'full verification of the audit chain passed');
        } else {
          this.logger.error({ firstBrokenSeq: result.firstBrokenSeq, ms: took }, 'full verification of the audit chain FAILED');
        }
        return result;
      } catch (error) {
        if (error instanceof VerificationStopped) {
          return null;
        }
        throw error;
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [FULL_VERIFY_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private async latestFullVerification(db: Queryable): Promise<FullVerification | null> {
    const [row] = (await db.query(
      `SELECT started_at, finished_at, valid, count, head, first_broken_seq FROM audit_verifications ORDER BY id DESC LIMIT 1`,
    )) as Array<{
      started_at: Date;
      finished_at: Date;
      valid: boolean;
      count: string;
      head: string | null;
      first_broken_seq: string | null;
    }>;
    return row
      ? {
          startedAt: row.started_at,
          finishedAt: row.finished_at,
          valid: row.valid,
          count: Number(row.count),
          head: row.head,
          firstBrokenSeq: row.first_broken_seq === null ? null : Number(row.first_broken_seq),
        }
      : null;
  }

  /**
   * Publishes the verified head as a dated checkpoint, after a full verification (stored like the
   * timer's): a checkpoint vouches for everything before it. Refused (409, `chain_broken`) while
   * the chain does not verify.
   */
  async createCheckpoint(reason: 'daily' | 'manual', actor: AuditActor): Promise<CheckpointView> {
    const verification = await this.runFullVerification({ wait: true });
    if (!verification) {
      throw new Error('The application is stopping; no checkpoint was published');
    }
    if (!verification.valid) {
      throw new ChainBrokenException(verification.firstBrokenSeq ?? verification.count + 1);
    }
    const checkpoint = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY + 1]);
      if (verification.head === null) {
        throw new ConflictException('The audit chain is empty; there is nothing to checkpoint');
      }
      // The head that was verified, not one appended since: what it vouches for was re-hashed.
      const [top] = (await tx.query('SELECT seq, hash FROM audit_events WHERE seq = $1', [verification.count])) as Array<{
        seq: string;
        hash: string;
      }>;
      if (top?.hash !== verification.head) {
        throw new ChainBrokenException(verification.count);
      }
      if (reason === 'daily') {
        // Another instance may have made today's checkpoint while this one was verifying.
        const [recent] = (await tx.query(
          `SELECT seq, hash, created_at FROM audit_checkpoints WHERE created_at > now() - interval '1 day' ORDER BY seq DESC LIMIT 1`,
        )) as Array<{ seq: string; hash: string; created_at: Date }>;
        if (recent) {
          return recent;
        }
      }
      const existing = (await tx.query('SELECT seq, hash, created_at FROM audit_checkpoints WHERE seq = $1', [top.seq])) as Array<{
        seq: string;
        hash: string;
        created_at: Date;
      }>;
      if (existing.length) {
        return existing[0];
      }
      const [created] = (await tx.query(
        'INSERT INTO audit_checkpoints (seq, hash, reason) VALUES ($1, $2, $3) RETURNING seq, hash, created_at',
        [top.seq, top.hash, reason],
      )) as Array<{ seq: string; hash: string; created_at: Date }>;
      await this.append(tx, {
        actor,
        action: 'audit.checkpoint',
        entityType: 'checkpoint',
        entityId: created.seq,
        data: { seq: Number(created.seq), hash: created.hash, reason },
      });
      return created;
    });
    this.anchor = { seq: Number(checkpoint.seq), hash: checkpoint.hash };
    this.cached = null;
    return { seq: Number(checkpoint.seq), hash: checkpoint.hash, createdAt: checkpoint.created_at.toISOString() };
  }

  /** Creates the daily checkpoint when the last one is a day old; safe to call from any instance. */
  async checkpointIfDue(now = new Date()): Promise<CheckpointView | null> {
    try {
      const [last] = (await this.db.query('SELECT created_at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1')) as Array<{
        created_at: Date;
      }>;
      const head = await this.head();
      if (!head || (last && now.getTime() - last.created_at.getTime() < DAY_MS)) {
        return null;
      }
      return await this.createCheckpoint('daily', systemActor);
    } catch (error) {
      if (error instanceof ChainBrokenException) {
        this.logger.error({ response: error.getResponse() }, 'daily audit checkpoint skipped: the chain does not verify');
      } else {
        this.logger.error({ err: withoutQueryParameters(error) }, 'daily audit checkpoint failed');
      }
      return null;
    }
  }

  /**
   * Erases an event's data and salt (a message that endangers someone), keeping its digest, so
   * the chain still verifies. The purge is itself an audited event, with its reason.
   */
  async purge(seq: number, reason: string, actor: AuditActor): Promise<AuditEventView> {
    const view = await this.db.transaction(async (tx) => {
      const [row] = (await tx.query('SELECT seq, purged_at FROM audit_events WHERE seq = $1 FOR UPDATE', [seq])) as Array<{
        seq: string;
        purged_at: Date | null;
      }>;
      if (!row) {
        throw new NotFoundException(`No audit event ${seq}`);
      }
      if (row.purged_at) {
        throw new ConflictException(`Audit event ${seq} is already purged`);
      }
      await tx.query('UPDATE audit_events SET data = NULL, salt = NULL, purged_at = now() WHERE seq = $1', [seq]);
      await this.append(tx, {
        actor,
        action: 'audit.purged',
        entityType: 'audit_event',
        entityId: String(seq),
        data: { seq, reason },
      });
      const [updated] = (await tx.query('SELECT * FROM audit_events WHERE seq = $1', [seq])) as Array<
        EventRow & { at: Date; purged_at: Date | null }
      >;
      return toEventView(updated);
    });
    this.cached = null;
    return view;
  }

  async list(options: { before?: number; limit: number }): Promise<AuditEventView[]> {
    const rows = (await this.db.query(`SELECT * FROM audit_events WHERE ($1::bigint IS NULL OR seq < $1) ORDER BY seq DESC LIMIT $2`, [
      options.before ?? null,
      options.limit,
    ])) as Array<EventRow & { at: Date; purged_at: Date | null }>;
    return rows.map(toEventView);
  }

  /** Forget cached answers, e.g. after a test changed rows behind the service's back. */
  resetCache(): void {
    this.cached = null;
    this.anchor = null;
  }
}

function toEventView(row: EventRow & { at: Date; purged_at: Date | null }): AuditEventView {
  return {
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    dataDigest: row.data_digest,
    prevHash: row.prev_hash,
    hash: row.hash,
    purged: row.purged_at !== null,
  };
}
