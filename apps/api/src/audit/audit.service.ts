import { randomBytes } from 'node:crypto';

import { ConflictException, Injectable, Logger, NotFoundException, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventView, AuditVerifyView, CheckpointView } from '@suivi/contracts';
import { DataSource, EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';

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

  /** Bumped after every commit that appended here: the head version's cache is stale then. */
  private commits = 0;
  private headVersion: { seq: number; commits: number; at: number } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {
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
  }

  onModuleDestroy(): void {
    if (this.dailyTimer) {
      clearInterval(this.dailyTimer);
    }
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
    const run = this.computeVerification(Boolean(options.full)).finally(() => {
      if (this.inFlight === run) {
        this.inFlight = null;
      }
    });
    if (!options.full) {
      this.inFlight = run;
    }
    const view = await run;
    this.cached = { view, at: Date.now() };
    return view;
  }

  private async computeVerification(full: boolean): Promise<AuditVerifyView> {
    const checkedAt = new Date().toISOString();
    const checkpoints = (await this.db.query('SELECT seq, hash FROM audit_checkpoints ORDER BY seq')) as Array<{
      seq: string;
      hash: string;
    }>;
    let start = full ? null : this.anchor;
    if (start) {
      // The anchor itself must still be the row that was verified.
      const [row] = (await this.db.query('SELECT * FROM audit_events WHERE seq = $1', [start.seq])) as EventRow[];
      if (!row || row.hash !== start.hash || chainHash(row.prev_hash, row.canonical) !== row.hash) {
        start = null;
      }
    }
    const result = await this.walk(start);
    if (result.valid) {
      // A checkpoint kept in the database must still match its event: a rewritten chain does not.
      for (const cp of checkpoints) {
        const seq = Number(cp.seq);
        if (seq > result.count) {
          return { valid: false, count: result.count, head: result.head, brokenAt: result.count + 1, checkedAt };
        }
      }
      const hashes = checkpoints.length
        ? ((await this.db.query('SELECT seq, hash FROM audit_events WHERE seq = ANY($1::bigint[])', [
            checkpoints.map((c) => c.seq),
          ])) as Array<{ seq: string; hash: string }>)
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
  ): Promise<{ valid: boolean; count: number; head: string | null; brokenAt?: number }> {
    let expectedSeq = start ? start.seq + 1 : 1;
    let prevHash = start ? start.hash : GENESIS_HASH;
    let head: string | null = start ? start.hash : null;
    for (;;) {
      const rows = (await this.db.query(
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
        // shows as a first event that is not number 1.
        const [{ n }] = (await this.db.query('SELECT count(*)::int AS n FROM audit_events')) as Array<{ n: number }>;
        if (n !== expectedSeq - 1) {
          const [{ first }] = (await this.db.query(
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
   * Publishes the current head as a dated checkpoint, after verifying the whole chain: a
   * checkpoint vouches for everything before it. Refused (409) when the chain does not verify.
   */
  async createCheckpoint(reason: 'daily' | 'manual', actor: AuditActor): Promise<CheckpointView> {
    const verification = await this.verify({ full: true });
    if (!verification.valid) {
      throw new ConflictException(`The audit chain does not verify from event ${verification.brokenAt}; no checkpoint was published`);
    }
    const checkpoint = await this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK_KEY + 1]);
      const head = (await tx.query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as Array<{
        seq: string;
        hash: string;
      }>;
      if (!head.length) {
        throw new ConflictException('The audit chain is empty; there is nothing to checkpoint');
      }
      const [top] = head;
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
      this.logger.error({ err: error }, 'daily audit checkpoint failed');
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
