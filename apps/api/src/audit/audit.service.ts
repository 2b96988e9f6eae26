import { randomBytes } from 'node:crypto';

import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditChainBroken, AuditEventView, AuditVerifyView, CheckpointView, ErasableRecord } from '@suivi/contracts';
import { DataSource, EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent } from 'typeorm';

import { DomainError, notFound } from '../common/domain-error';
import { auditedWriteHooks } from '../common/audited-write';
import { withoutQueryParameters } from '../common/http-exception.filter';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { DomainEvents } from '../events/domain-events';
import {
  type BoundRecord,
  canonicalEventV2,
  canonicalJson,
  chainHash,
  dataDigest,
  GENESIS_HASH,
  sealedDigest,
  shownRecords,
  sortRecords,
} from './canonical';
import {
  boundRows,
  DERIVED_CHECKS,
  entityRecordType,
  inIdBatches,
  isErasable,
  RECORD_KINDS,
  recordHash,
  recordJson,
  recordKind,
  type RecordKind,
  type RecordRef,
} from './records';

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
  /**
   * Records the write leaves changed, bound with their canonical JSON as they stand now: append
   * after the write's last change to them. The entity itself is bound too when it is a record.
   */
  records?: RecordRef[];
  /** Events a purge erases (it sets their `purged_by` to this event): sealed, so no erasure can borrow it. */
  purges?: number[];
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
  /** `type:id` of the first record that does not match its binding, when that is what broke. */
  brokenRecord: string | null;
}

type Queryable = Pick<EntityManager, 'query'>;
type VerifyResult = Omit<AuditVerifyView, 'fullyVerifiedAt'>;

/** A checkpoint refused because the chain does not verify: a 409 with a code the client can read. */
export class ChainBrokenException extends DomainError {
  constructor(firstBrokenSeq: number) {
    const extra: Omit<AuditChainBroken, 'code'> = { firstBrokenSeq };
    super(
      'chain_broken',
      `The audit chain does not verify from event ${firstBrokenSeq}; no checkpoint was published`,
      { firstBrokenSeq },
      undefined,
      extra,
    );
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
  at: Date;
  v: number;
  event_salt: string | null;
  purged_at: Date | null;
  purged_by: string | null;
  /** The event's bindings, and the events it purged (read in the same statement). */
  bindings: Array<BoundRecord & { public: boolean }>;
  purges: Array<string | number>;
  /** For an erased v1 event: how many `audit.purged` events name it. */
  purge_events: number | null;
}

/**
 * Events as the walk checks them, with their bindings and the events they purged, in one
 * statement (one snapshot): a purge and the erasures it names commit together.
 */
const EVENT_ROWS = `
  SELECT e.seq, e.at, e.actor, e.action, e.entity_type, e.entity_id, e.subject, e.data_digest, e.prev_hash, e.hash, e.canonical,
         e.data, e.salt, e.v, e.event_salt, e.purged_at, e.purged_by,
         coalesce((SELECT json_agg(json_build_object('type', b.record_type, 'id', b.record_id, 'hash', b.hash, 'public', b.public))
                     FROM audit_records b WHERE b.seq = e.seq), '[]'::json) AS bindings,
         coalesce((SELECT json_agg(p.seq ORDER BY p.seq) FROM audit_events p WHERE p.purged_by = e.seq), '[]'::json) AS purges,
         CASE WHEN e.data IS NULL THEN (SELECT count(*)::int FROM audit_events q
                                         WHERE q.action = 'audit.purged' AND q.entity_type = 'audit_event' AND q.entity_id = e.seq::text)
         END AS purge_events
    FROM audit_events e`;

/** Any constant works; it only has to be the same for every instance. */
const CHAIN_LOCK_KEY = 7_301_982_014;
/** Held (session-level) by the instance running a full verification; the others skip theirs. */
const FULL_VERIFY_LOCK_KEY = CHAIN_LOCK_KEY + 2;
/** Held by the instance binding pre-existing rows at start. */
const BASELINE_LOCK_KEY = CHAIN_LOCK_KEY + 3;
/** Records bound per `record.baseline` event. */
const BASELINE_BATCH = 500;
/** Rows read per query when re-hashing: memory stays bounded whatever the chain's length. */
const VERIFY_BATCH = 2_000;
/** Records compared with their bindings per statement. */
const RECORD_BATCH = 1_000;
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
const USER_ACTOR = /^user:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
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
  /** Told after each checkpoint is published (the open data export generates at each). */
  private readonly checkpointListeners: Array<() => void> = [];
  /** Test-only: runs inside a full verification, its lock held, before the first batch is read. */
  readonly testHooks: { duringFullVerification?: () => Promise<void> } = {};

  /** Bumped after every commit that appended here: the head version's cache is stale then. */
  private commits = 0;
  private headVersion: { seq: number; commits: number; at: number } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
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
    // First, before the chain's lock: a request's idempotency key joins this transaction here,
    // and a second copy of the request waits on it without holding up every other write.
    await auditedWriteHooks.getStore()?.(tx, entry);
    const salt = randomBytes(16).toString('hex');
    const dataText = canonicalJson(entry.data ?? null);
    const digest = dataDigest(salt, dataText);
    // Read before the lock: the rows are this transaction's, and the lock is held until commit.
    const bindings = await this.bind(tx, this.recordsOf(entry));

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
    const eventSalt = randomBytes(16).toString('hex');
    const sealed = sealedDigest(eventSalt, {
      at: at.toISOString(),
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      subject: entry.subject ?? null,
      dataDigest: digest,
      records: bindings.filter((b) => !b.public),
      purges: entry.purges ?? [],
    });
    const canonical = canonicalEventV2(seq, sealed, {
      at: at.toISOString(),
      action: entry.action,
      records: bindings.filter((b) => b.public),
    });
    const hash = chainHash(prevHash, canonical);
    await tx.query(
      `INSERT INTO audit_events (seq, at, actor, action, entity_type, entity_id, subject, data_digest, prev_hash, hash, canonical, data, salt,
                                 v, event_salt)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 2, $14)`,
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
        eventSalt,
      ],
    );
    if (bindings.length) {
      await tx.query(
        `INSERT INTO audit_records (seq, record_type, record_id, hash, salt, public)
         SELECT $1, b.type, b.id, b.hash, b.salt, b.public
           FROM jsonb_to_recordset($2::jsonb) AS b(type text, id text, hash text, salt text, public boolean)`,
        [seq, JSON.stringify(bindings)],
      );
    }
    return { seq, hash, at };
  }

  /**
   * Binds the rows that existed before records were bound, with `record.baseline` events of up to
   * BASELINE_BATCH records each, when asked (`records.baseline` in app_settings: set by the
   * migration on a database that held records, and by the benchmark's generator), once. Never
   * after the first bound write: then an unbound row is one written behind the API's back, which
   * verification must report, not bind (a late baseline fails verification too). Several
   * instances starting at once take turns on a lock.
   */
  async bindBaseline(): Promise<number> {
    const [asked] = (await this.db.query(`SELECT 1 FROM app_settings WHERE key = 'records.baseline'`)) as unknown[];
    if (!asked) {
      return 0;
    }
    let bound = 0;
    for (const kind of RECORD_KINDS) {
      // Bound in id order, each batch in its own transaction: the bound prefix is not re-read.
      const batches = inIdBatches(
        (after) =>
          this.db.transaction(async (tx) => {
            await tx.query('SELECT pg_advisory_xact_lock($1)', [BASELINE_LOCK_KEY]);
            const [written] = (await tx.query(
              `SELECT 1 FROM audit_events WHERE v = 2 AND action <> 'record.baseline' LIMIT 1`,
            )) as unknown[];
            if (written) {
              return [];
            }
            const rows = (await tx.query(
              `SELECT r.id::text AS id FROM ${kind.table} r
                WHERE ($3::uuid IS NULL OR r.id > $3::uuid)
                  AND NOT EXISTS (SELECT 1 FROM audit_records a WHERE a.record_type = $1 AND a.record_id = r.id::text)
                ORDER BY r.id LIMIT $2`,
              [kind.type, BASELINE_BATCH, after],
            )) as Array<{ id: string }>;
            if (rows.length) {
              await this.append(tx, {
                actor: systemActor,
                action: 'record.baseline',
                entityType: 'record',
                records: rows.map((row) => ({ type: kind.type, id: row.id })),
              });
            }
            return rows;
          }),
        BASELINE_BATCH,
      );
      for await (const rows of batches) {
        bound += rows.length;
      }
    }
    // Asked once: whatever is unbound from now on was written behind the API's back.
    await this.db.query(`DELETE FROM app_settings WHERE key = 'records.baseline'`);
    if (bound) {
      this.logger.log({ records: bound }, 'records written before records were bound are now bound (record.baseline)');
    }
    return bound;
  }

  /** The entity when it is a record, then the records the caller names, each once. */
  private recordsOf(entry: AuditEntry): RecordRef[] {
    const refs: RecordRef[] = [];
    const entityType = entityRecordType(entry.entityType);
    if (entityType && entry.entityId) {
      refs.push({ type: entityType, id: entry.entityId });
    }
    refs.push(...(entry.records ?? []));
    const seen = new Set<string>();
    return refs.filter((ref) => {
      const key = `${ref.type}:${ref.id}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  }

  /** Each record's canonical JSON as this transaction leaves it, hashed with a fresh salt. */
  private async bind(tx: Queryable, refs: RecordRef[]): Promise<Array<BoundRecord & { salt: string; public: boolean }>> {
    const byType = new Map<RecordKind, string[]>();
    for (const ref of refs) {
      const kind = recordKind(ref.type);
      if (!kind) {
        throw new Error(`No record type ${ref.type}`);
      }
      byType.set(kind, [...(byType.get(kind) ?? []), ref.id]);
    }
    const out: Array<BoundRecord & { salt: string; public: boolean }> = [];
    for (const [kind, ids] of byType) {
      // FOR SHARE: a concurrent write of the same row commits before this read or waits for this
      // transaction, so the binding with the higher seq always holds the newer row.
      const lock = kind.appendOnly ? '' : ' FOR SHARE OF r';
      const rows = (await tx.query(`${kind.select} WHERE r.id = ANY($1::uuid[])${lock}`, [ids])) as Array<
        Record<string, unknown> & { id: string }
      >;
      if (rows.length !== ids.length) {
        // Binding a record that is not there would make the chain claim something untrue.
        throw new Error(
          `An audit event binds ${kind.type} records that do not exist: ${ids.filter((id) => !rows.some((r) => r.id === id)).join(', ')}`,
        );
      }
      for (const row of rows) {
        const salt = randomBytes(16).toString('hex');
        out.push({ type: kind.type, id: row.id, hash: recordHash(salt, recordJson(kind, row)), salt, public: kind.isPublic(row) });
      }
    }
    return sortRecords(out);
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
    if (view.brokenAt !== undefined && view.brokenAt < latest.firstBrokenSeq) {
      return { ...view, valid: false, fullyVerifiedAt };
    }
    return {
      ...view,
      valid: false,
      brokenAt: latest.firstBrokenSeq,
      brokenRecord: latest.brokenRecord ?? undefined,
      fullyVerifiedAt,
    };
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
      if (full) {
        const broken = await this.verifyRecords(db, result.count, shouldStop);
        if (broken) {
          return { valid: false, count: result.count, head: result.head, brokenAt: broken.seq, brokenRecord: broken.record, checkedAt };
        }
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

  /**
   * Compares every row of the bound tables with its latest binding, 1,000 rows per statement (one
   * snapshot each, so a write that commits meanwhile is seen with its binding or not at all), then
   * re-derives the derived columns and looks for bindings whose row is gone and salts erased with
   * no purge. The first problem found, as the seq to blame (the binding's, or the head's next for
   * a row nothing bound) and the record.
   */
  private async verifyRecords(db: Queryable, count: number, shouldStop?: () => boolean): Promise<{ seq: number; record: string } | null> {
    const stop = () => {
      if (shouldStop?.()) {
        throw new VerificationStopped();
      }
    };
    for (const kind of RECORD_KINDS) {
      for await (const rows of boundRows(db, kind, RECORD_BATCH)) {
        stop();
        for (const row of rows) {
          // The public answer names a public record; of the others (access state, safe spaces)
          // only the kind: their ids are not the public's. The log says which.
          const record = kind.isPublic(row) ? `${kind.type}:${row.id}` : kind.type;
          const intact =
            row.bound_salt !== null &&
            recordHash(row.bound_salt, recordJson(kind, row)) === row.bound_hash &&
            (!kind.intact || kind.intact(row));
          if (!intact) {
            this.logger.error({ record: `${kind.type}:${row.id}` }, 'a record does not match its binding');
            // A row nothing bound is blamed on the event after the head.
            return { seq: row.bound_seq === null ? count + 1 : Number(row.bound_seq), record };
          }
        }
      }
      stop();
      const [gone] = (await db.query(
        `SELECT a.record_id, min(a.seq) AS seq FROM audit_records a
          WHERE a.record_type = $1 AND NOT EXISTS (SELECT 1 FROM ${kind.table} r WHERE r.id = a.record_id::uuid)
          GROUP BY a.record_id ORDER BY 2 LIMIT 1`,
        [kind.type],
      )) as Array<{ record_id: string; seq: string }>;
      if (gone) {
        this.logger.error({ record: `${kind.type}:${gone.record_id}` }, 'a bound record is gone');
        return { seq: Number(gone.seq), record: kind.type };
      }
    }
    for (const check of DERIVED_CHECKS) {
      const batches = inIdBatches(
        (after) => db.query(check.sql, [after, RECORD_BATCH]) as Promise<Array<{ id: string; differs: boolean }>>,
        RECORD_BATCH,
      );
      for await (const rows of batches) {
        stop();
        const differs = rows.find((r) => r.differs);
        if (differs) {
          this.logger.error({ record: `${check.type}:${differs.id}` }, 'a derived column differs from what its rows derive');
          return { seq: count + 1, record: check.publicIds ? `${check.type}:${differs.id}` : check.type };
        }
      }
    }
    stop();
    // An earlier binding's salt is erased only by a purge of its record, which binds it again.
    const [unsalted] = (await db.query(
      `SELECT a.record_type, a.record_id, a.seq FROM audit_records a
        WHERE a.salt IS NULL
          AND NOT EXISTS (SELECT 1 FROM audit_records p JOIN audit_events e ON e.seq = p.seq
                           WHERE p.record_type = a.record_type AND p.record_id = a.record_id AND p.seq > a.seq
                             AND e.action = 'audit.purged')
        ORDER BY a.seq LIMIT 1`,
    )) as Array<{ record_type: string; record_id: string; seq: string }>;
    if (unsalted) {
      this.logger.error({ record: `${unsalted.record_type}:${unsalted.record_id}` }, 'a binding lost its salt with no purge');
      return { seq: Number(unsalted.seq), record: unsalted.record_type };
    }
    // Baselines bind what existed before records were bound; one after the first bound write
    // would bind rows written behind the API's back.
    const [lateBaseline] = (await db.query(
      `SELECT b.seq FROM audit_events b
        WHERE b.action = 'record.baseline'
          AND b.seq > (SELECT coalesce(min(w.seq), 'Infinity'::numeric) FROM audit_events w WHERE w.v = 2 AND w.action <> 'record.baseline')
        ORDER BY b.seq LIMIT 1`,
    )) as Array<{ seq: string }>;
    if (lateBaseline) {
      return { seq: Number(lateBaseline.seq), record: 'record.baseline' };
    }
    return null;
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
      const rows = (await db.query(`${EVENT_ROWS} WHERE e.seq >= $1 ORDER BY e.seq LIMIT $2`, [expectedSeq, VERIFY_BATCH])) as EventRow[];
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
    if (!this.erasureIsAccountedFor(row)) {
      return false;
    }
    return row.v === 2 ? this.v2IsIntact(row, fields) : this.v1IsIntact(row, fields);
  }

  /**
   * Erased data is only ever a purge's doing: a v2 purge names the events it erased under its seal
   * (checked when the purge itself is walked); older erasures have their `audit.purged` event.
   */
  private erasureIsAccountedFor(row: EventRow): boolean {
    const seq = Number(row.seq);
    if (row.purged_by !== null && Number(row.purged_by) <= seq) {
      return false;
    }
    if (row.data !== null && row.salt !== null) {
      return dataDigest(row.salt, row.data) === row.data_digest;
    }
    if (row.data !== null || row.salt !== null || row.purged_at === null) {
      return false;
    }
    return row.purged_by !== null || (row.purge_events ?? 0) > 0;
  }

  private v1IsIntact(row: EventRow, fields: Record<string, unknown>): boolean {
    // The columns people read must say what the hashed text says.
    return (
      fields['v'] === 1 &&
      fields['seq'] === Number(row.seq) &&
      fields['actor'] === row.actor &&
      fields['action'] === row.action &&
      fields['entityType'] === row.entity_type &&
      fields['entityId'] === row.entity_id &&
      fields['subject'] === row.subject &&
      fields['dataDigest'] === row.data_digest &&
      row.bindings.length === 0 &&
      row.purges.length === 0
    );
  }

  /**
   * A v2 event: its public bindings are the ones its text lists, and its columns, private bindings
   * and purges are what its seal covers. A purged event has lost its seal's salt; its columns can
   * no longer be checked, which is what a purge is for.
   */
  private v2IsIntact(row: EventRow, fields: Record<string, unknown>): boolean {
    if (fields['v'] !== 2 || fields['seq'] !== Number(row.seq) || typeof fields['sealed'] !== 'string') {
      return false;
    }
    const publicBindings = row.bindings.filter((b) => b.public);
    if (publicBindings.length) {
      if (
        fields['at'] !== row.at.toISOString() ||
        fields['action'] !== row.action ||
        !Array.isArray(fields['records']) ||
        canonicalJson(fields['records']) !== canonicalJson(shownRecords(publicBindings))
      ) {
        return false;
      }
    } else if ('records' in fields || 'at' in fields || 'action' in fields) {
      return false;
    }
    if (row.event_salt === null) {
      return row.purged_at !== null && row.purged_by !== null;
    }
    const sealed = sealedDigest(row.event_salt, {
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      subject: row.subject,
      dataDigest: row.data_digest,
      records: row.bindings.filter((b) => !b.public),
      purges: row.purges.map(Number),
    });
    return sealed === fields['sealed'];
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
          brokenRecord: view.valid ? null : (view.brokenRecord ?? null),
        };
        await runner.query(
          `INSERT INTO audit_verifications (started_at, finished_at, valid, count, head, first_broken_seq, broken_record)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [result.startedAt, result.finishedAt, result.valid, result.count, result.head, result.firstBrokenSeq, result.brokenRecord],
        );
        this.fullGeneration++;
        this.cached = null;
        const took = result.finishedAt.getTime() - startedAt.getTime();
        if (result.valid) {
          this.logger.log({ count: result.count, ms: took }, 'full verification of the audit chain passed');
        } else {
          this.logger.error(
            { firstBrokenSeq: result.firstBrokenSeq, brokenRecord: result.brokenRecord, ms: took },
            'full verification of the audit chain FAILED',
          );
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
      `SELECT started_at, finished_at, valid, count, head, first_broken_seq, broken_record FROM audit_verifications ORDER BY id DESC LIMIT 1`,
    )) as Array<{
      broken_record: string | null;
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
          brokenRecord: row.broken_record,
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
        throw new DomainError('chain_empty', 'The audit chain is empty; there is nothing to checkpoint');
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
    for (const listener of this.checkpointListeners) {
      listener();
    }
    return { seq: Number(checkpoint.seq), hash: checkpoint.hash, createdAt: checkpoint.created_at.toISOString() };
  }

  afterCheckpoint(listener: () => void): void {
    this.checkpointListeners.push(listener);
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
        this.logger.error({ code: error.code, params: error.params }, 'daily audit checkpoint skipped: the chain does not verify');
      } else {
        this.logger.error({ err: withoutQueryParameters(error) }, 'daily audit checkpoint failed');
      }
      return null;
    }
  }

  /**
   * Erases an event's data and salts (a message that endangers someone), keeping its digest, so
   * the chain still verifies. When the event is about a record that holds words (a message, an
   * evidence file), the purge reaches it: the record's words, the data of every event about it
   * and the salts of its earlier bindings are erased, and notifications quoting it deleted, in one
   * transaction. The `audit.purged` event, with its reason, binds what the record is afterwards
   * and seals the list of events it erased.
   */
  async purge(seq: number, reason: string, actor: AuditActor): Promise<AuditEventView> {
    const view = await this.db.transaction(async (tx) => {
      const [row] = (await tx.query('SELECT seq, entity_type, entity_id, purged_at FROM audit_events WHERE seq = $1 FOR UPDATE', [
        seq,
      ])) as Array<{
        seq: string;
        entity_type: string;
        entity_id: string | null;
        purged_at: Date | null;
      }>;
      if (!row) {
        throw notFound('audit event', seq);
      }
      if (row.purged_at) {
        throw new DomainError('event_purged', `Audit event ${seq} is already purged`, { seq });
      }
      const record = await this.eraseWords(tx, row.entity_type, row.entity_id);
      const erased = record
        ? (
            (await tx.query(
              `SELECT seq FROM audit_events WHERE (entity_type = $1 AND entity_id = $2 AND purged_at IS NULL) OR seq = $3 ORDER BY seq FOR UPDATE`,
              [row.entity_type, row.entity_id, seq],
            )) as Array<{ seq: string }>
          ).map((r) => Number(r.seq))
        : [seq];
      if (record) {
        // Before the purge binds the record, so what the record's feature changes with it (a
        // message's seq) is bound too.
        await this.events.record(tx, { type: 'record.erased', recordType: record.type, id: record.id });
      }
      const purge = await this.append(tx, {
        actor,
        action: 'audit.purged',
        entityType: 'audit_event',
        entityId: String(seq),
        data: { seq, reason },
        records: record ? [record] : [],
        purges: erased,
      });
      await tx.query(
        `UPDATE audit_events SET data = NULL, salt = NULL, event_salt = NULL, purged_at = now(), purged_by = $2 WHERE seq = ANY($1::bigint[])`,
        [erased, purge.seq],
      );
      if (record) {
        await tx.query(`UPDATE audit_records SET salt = NULL WHERE record_type = $1 AND record_id = $2 AND seq < $3 AND salt IS NOT NULL`, [
          record.type,
          record.id,
          purge.seq,
        ]);
      }
      const [updated] = (await tx.query('SELECT * FROM audit_events WHERE seq = $1', [seq])) as Array<
        EventRow & { at: Date; purged_at: Date | null }
      >;
      return toEventView(updated);
    });
    this.cached = null;
    return view;
  }

  /** A record's words, erased for a purge as its kind says; the record itself stays, as a tombstone. */
  private async eraseWords(
    tx: EntityManager,
    entityType: string,
    entityId: string | null,
  ): Promise<(RecordRef & { type: ErasableRecord }) | null> {
    const type = entityRecordType(entityType);
    const kind = type && recordKind(type);
    if (!entityId || !kind?.erase || !isErasable(kind.type)) {
      return null;
    }
    if (kind.lockFirst) {
      await tx.query(kind.lockFirst, [entityId]);
    }
    const [found] = (await tx.query(`SELECT 1 FROM ${kind.table} WHERE id = $1 FOR UPDATE`, [entityId])) as unknown[];
    if (!found) {
      return null;
    }
    for (const sql of kind.erase) {
      await tx.query(sql, [entityId]);
    }
    return { type: kind.type, id: entityId };
  }

  async list(options: { before?: number; limit: number }): Promise<AuditEventView[]> {
    const rows = (await this.db.query(`${EVENT_ROWS} WHERE ($1::bigint IS NULL OR e.seq < $1) ORDER BY e.seq DESC LIMIT $2`, [
      options.before ?? null,
      options.limit,
    ])) as EventRow[];
    const names = await this.accountNames(rows.map((row) => row.actor));
    // Each row checked against its own hashed text and seal, so a forged actor or action shows as
    // such here, whenever the last full verification ran.
    return rows.map((row) => ({
      ...toEventView(row),
      actorName: names.get(row.actor ?? '') ?? null,
      intact: this.rowIsIntact(row, row.prev_hash),
    }));
  }

  /** Display names of the `user:` actors among these: a pseudonymous write's actor is its pseudonym, never looked up. */
  private async accountNames(actors: Array<string | null>): Promise<Map<string, string>> {
    const ids = [...new Set(actors.flatMap((a) => (a && USER_ACTOR.test(a) ? [a.slice('user:'.length)] : [])))];
    if (!ids.length) {
      return new Map();
    }
    const rows = (await this.db.query('SELECT id::text AS id, display_name FROM users WHERE id = ANY($1::uuid[])', [ids])) as Array<{
      id: string;
      display_name: string;
    }>;
    return new Map(rows.map((r) => [userActor(r.id), r.display_name]));
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
