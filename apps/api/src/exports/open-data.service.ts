import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { OPEN_DATA_FORMAT, OPEN_DATA_PATH, type OpenDataInfoView } from '@suivi/contracts';
import { DataSource, type QueryRunner } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { boundRows, inIdBatches, RECORD_KINDS } from '../audit/records';
import { requestRows } from '../audit/round-states';
import { Clock } from '../clock/clock';
import { withoutQueryParameters } from '../common/http-exception.filter';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

export { OPEN_DATA_FORMAT };
/** Any constant; held (session level) by the instance generating an export. */
const EXPORT_LOCK_KEY = 7_301_982_014 + 10;
const CHUNK_BYTES = 1024 * 1024;
const BATCH = 1_000;
/** Complete exports kept: the one served and the one before (a download begun on it finishes). */
const KEEP = 2;

/** A file written from the snapshot: the head it covers, its size and sha256. */
interface Written {
  head: { seq: number; hash: string } | null;
  size: number;
  sha256: string;
}

export interface StoredExport {
  id: number;
  headSeq: number;
  headHash: string | null;
  generatedAt: Date;
  size: number;
  etag: string;
}

/**
 * The open data export (DESIGN.md, "The open data export"), generated in the background at most
 * once per EXPORT_EVERY and at each checkpoint, one generation at a time across instances, from
 * one snapshot, and kept in the database in 1 MB chunks: a request streams the latest and never
 * starts one, so the public cannot make the server work by asking.
 *
 * What it holds: every event as a link (v1) or a link and its canonical text v2; for each public
 * record its current canonical JSON, its salt and the seq of the event that binds it; the head,
 * the checkpoints, and what the latest full verification said. Never an actor, an account id
 * (but that of a member writing under their name in public), a non-public action, nor the salt
 * of a record's earlier events. `npm run verify-export` re-computes all of it offline.
 */
@Injectable()
export class OpenDataService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(OpenDataService.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<StoredExport | null> | null = null;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.generateIfDue(), this.config.exportEvery * 1000);
    this.timer.unref();
    this.audit.afterCheckpoint(() => void this.generateIfDue({ force: true }));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running?.catch(() => undefined);
  }

  /** The export to serve: the latest complete one, or null before the first. */
  async latest(): Promise<StoredExport | null> {
    const [row] = (await this.db.query(
      `SELECT id, head_seq, head_hash, generated_at, size, valid FROM open_data_exports WHERE complete ORDER BY id DESC LIMIT 1`,
    )) as StoredRow[];
    return row ? toStored(row) : null;
  }

  /** The export's bytes, read a chunk at a time as the client takes them. */
  stream(stored: StoredExport): Readable {
    const db = this.db;
    return Readable.from(
      (async function* chunks() {
        for (let n = 0; ; n++) {
          const [chunk] = (await db.query('SELECT bytes FROM open_data_export_chunks WHERE export_id = $1 AND n = $2', [
            stored.id,
            n,
          ])) as Array<{ bytes: Buffer }>;
          if (!chunk) {
            return;
          }
          yield chunk.bytes;
        }
      })(),
    );
  }

  /**
   * Generates unless the latest export covers the current head and verification state already
   * (`force`: a checkpoint, whose new head it then covers). Errors are logged, not thrown: it runs
   * from timers.
   */
  async generateIfDue(options: { force?: boolean } = {}): Promise<StoredExport | null> {
    try {
      return await this.generate(options);
    } catch (error) {
      this.logger.error({ err: withoutQueryParameters(error) }, 'the open data export failed to generate');
      return null;
    }
  }

  /** One generation at a time in this process and across instances; `wait` (tests, checkpoints) waits its turn. */
  async generate(options: { force?: boolean; wait?: boolean } = {}): Promise<StoredExport | null> {
    while (this.running) {
      if (!options.wait) {
        return null;
      }
      await this.running.catch(() => undefined);
    }
    if (this.stopping) {
      return null;
    }
    const run = this.generateLocked(options).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async generateLocked(options: { force?: boolean; wait?: boolean }): Promise<StoredExport | null> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      if (options.wait) {
        await runner.query('SELECT pg_advisory_lock($1)', [EXPORT_LOCK_KEY]);
      } else {
        const [{ locked }] = (await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [EXPORT_LOCK_KEY])) as Array<{
          locked: boolean;
        }>;
        if (!locked) {
          return null;
        }
      }
      try {
        return await this.generateWith(runner, options);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [EXPORT_LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }

  private async generateWith(runner: QueryRunner, options: { force?: boolean }): Promise<StoredExport | null> {
    const verification = await this.audit.verify();
    const head = await this.audit.head();
    const latest = await this.latest();
    const etag = etagOf(head?.hash ?? null, verification.valid);
    if (!options.force && latest && latest.etag === etag) {
      return latest;
    }
    const started = Date.now();
    const dir = await mkdtemp(join(tmpdir(), 'suivi-export-'));
    const path = join(dir, 'export.json');
    try {
      // One snapshot for every statement, read-only: on a server it holds back no writer.
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      let written: Written;
      try {
        written = await this.write(runner, path, verification);
      } finally {
        await runner.query('COMMIT');
      }
      const stored = await this.store(path, written, verification.valid);
      this.logger.log({ headSeq: stored.headSeq, bytes: stored.size, ms: Date.now() - started }, 'open data export generated');
      return stored;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Writes the export to a file from the snapshot, a batch at a time: memory stays bounded. */
  private async write(runner: QueryRunner, path: string, verification: Awaited<ReturnType<AuditService['verify']>>): Promise<Written> {
    const file = await open(path, 'w');
    const hash = createHash('sha256');
    let size = 0;
    const out = async (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      hash.update(bytes);
      size += bytes.length;
      await file.write(bytes);
    };
    try {
      const [top] = (await runner.query('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1')) as Array<{
        seq: string;
        hash: string;
      }>;
      const head = top ? { seq: Number(top.seq), hash: top.hash } : null;
      const checkpoints = (await runner.query('SELECT seq, hash, created_at FROM audit_checkpoints ORDER BY seq')) as Array<{
        seq: string;
        hash: string;
        created_at: Date;
      }>;
      await out(
        `{"format":${JSON.stringify(OPEN_DATA_FORMAT)},"generatedAt":${JSON.stringify(new Date().toISOString())},` +
          `"notice":${JSON.stringify(NOTICE)},"head":${JSON.stringify(head)},` +
          `"verification":${JSON.stringify({
            valid: verification.valid,
            brokenAt: verification.brokenAt,
            brokenRecord: verification.brokenRecord,
            fullyVerifiedAt: verification.fullyVerifiedAt,
          })},` +
          `"checkpoints":${JSON.stringify(checkpoints.map((c) => ({ seq: Number(c.seq), hash: c.hash, createdAt: c.created_at.toISOString() })))},` +
          `"events":[`,
      );
      // Events as far as the head read above: the snapshot holds nothing after it.
      let after = 0;
      let first = true;
      for (;;) {
        const rows = (await runner.query(
          `SELECT seq, prev_hash, hash, v, canonical FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, BATCH * 2],
        )) as Array<{ seq: string; prev_hash: string; hash: string; v: number; canonical: string }>;
        if (!rows.length) {
          break;
        }
        let text = '';
        for (const row of rows) {
          // v1 texts name accounts: their links only. v2 texts name no one.
          const event =
            row.v === 2 ? [Number(row.seq), row.prev_hash, row.hash, row.canonical] : [Number(row.seq), row.prev_hash, row.hash];
          text += `${first ? '' : ','}${JSON.stringify(event)}`;
          first = false;
        }
        await out(text);
        after = Number(rows[rows.length - 1].seq);
      }
      await out('],"records":[');
      first = true;
      for (const kind of RECORD_KINDS) {
        for await (const rows of boundRows(runner, kind, BATCH)) {
          let text = '';
          for (const row of rows) {
            // A record bound under the seal stays out. One nothing bound goes in as it is, with no
            // binding: the export shows what the database holds, and the verifier says so.
            if (!(row.bound_public ?? kind.isPublic(row))) {
              continue;
            }
            const record = {
              type: kind.type,
              id: row.id,
              seq: row.bound_seq === null ? null : Number(row.bound_seq),
              salt: row.bound_salt,
              data: kind.json(row),
            };
            text += `${first ? '' : ','}${JSON.stringify(record)}`;
            first = false;
          }
          if (text) {
            await out(text);
          }
        }
      }
      // Derived, not bound: each reporting round's requests with their state on the export's day,
      // as the API derives them (audit/round-states.ts) from the rounds and reports above.
      const today = await this.clock.today(runner.manager);
      await out(`],"requestStatesOn":${JSON.stringify(today)},"requestStates":[`);
      first = true;
      const states = inIdBatches(
        (after) =>
          runner.query(
            `SELECT s.request_id AS id, s.round_id, s.commitment_id, s.track, s.state, s.report_id
               FROM (${requestRows(today, '($1::uuid IS NULL OR q.id > $1::uuid)')}) s ORDER BY s.request_id LIMIT $2`,
            [after, BATCH],
          ) as Promise<
            Array<{ id: string; round_id: string; commitment_id: string; track: string; state: string; report_id: string | null }>
          >,
        BATCH,
      );
      for await (const rows of states) {
        const text = rows
          .map((r) =>
            JSON.stringify({
              requestId: r.id,
              roundId: r.round_id,
              commitmentId: r.commitment_id,
              track: r.track,
              state: r.state,
              reportId: r.report_id,
            }),
          )
          .join(',');
        await out(`${first ? '' : ','}${text}`);
        first = false;
      }
      await out(']}');
      return { head, size, sha256: hash.digest('hex') };
    } finally {
      await file.close();
    }
  }

  /** Copies the file into the database a chunk at a time, marks it complete, drops the oldest. */
  private async store(path: string, written: Written, valid: boolean): Promise<StoredExport> {
    const [row] = (await this.db.query(
      `INSERT INTO open_data_exports (head_seq, head_hash, generated_at, size, sha256, valid) VALUES ($1, $2, now(), $3, $4, $5) RETURNING id`,
      [written.head?.seq ?? 0, written.head?.hash ?? null, written.size, written.sha256, valid],
    )) as Array<{ id: string }>;
    const file = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      for (let n = 0; ; n++) {
        const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, n * CHUNK_BYTES);
        if (!bytesRead) {
          break;
        }
        // Awaited before the buffer is read into again: no copy needed.
        await this.db.query('INSERT INTO open_data_export_chunks (export_id, n, bytes) VALUES ($1, $2, $3)', [
          row.id,
          n,
          buffer.subarray(0, bytesRead),
        ]);
      }
    } finally {
      await file.close();
    }
    await this.db.query('UPDATE open_data_exports SET complete = true WHERE id = $1', [row.id]);
    await this.db.query(
      `DELETE FROM open_data_exports WHERE id NOT IN (SELECT id FROM open_data_exports WHERE complete ORDER BY id DESC LIMIT ${KEEP})
         AND (complete OR generated_at < now() - interval '1 hour')`,
    );
    return (await this.latest()) as StoredExport;
  }
}

const NOTICE =
  'Open data of Suivi. Every event of the accountability record as a link (seq, previous hash, hash) and, from canonical text v2, ' +
  'its text; every public record with its canonical JSON, its salt and the seq of the event that binds it; ' +
  "each reporting round's requests with their state on requestStatesOn, derived from the rounds and reports. " +
  'Check it offline, with nothing but Node.js: npm run verify-export -- FILE [--extends SEQ:HASH]';

/** The name a download is saved under: the day it was generated and the event it covers. */
export function openDataFileName(stored: StoredExport): string {
  return `suivi-open-data-${stored.generatedAt.toISOString().slice(0, 10)}-${stored.headSeq}.json`;
}

/** What the open data page says of the file before anyone downloads it. */
export function toOpenDataInfo(stored: StoredExport): OpenDataInfoView {
  return {
    format: OPEN_DATA_FORMAT,
    headSeq: stored.headSeq,
    headHash: stored.headHash,
    generatedAt: stored.generatedAt.toISOString(),
    size: stored.size,
    fileName: openDataFileName(stored),
    download: OPEN_DATA_PATH,
  };
}

function etagOf(headHash: string | null, valid: boolean): string {
  return `"${headHash ?? 'empty'}${valid ? '' : '-broken'}"`;
}

interface StoredRow {
  id: string;
  head_seq: string;
  head_hash: string | null;
  generated_at: Date;
  size: string;
  valid: boolean;
}

function toStored(row: StoredRow): StoredExport {
  return {
    id: Number(row.id),
    headSeq: Number(row.head_seq),
    headHash: row.head_hash,
    generatedAt: row.generated_at,
    size: Number(row.size),
    etag: etagOf(row.head_hash, row.valid),
  };
}
