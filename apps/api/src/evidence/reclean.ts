import { createHash } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuditService, systemActor } from '../audit/audit.service';
import { changedRows } from '../database/sql';
import { rewriteEvidence } from './file-bytes';
import { MalformedFile } from './malformed-file';

export interface RecleanSummary {
  rewritten: number;
  /** Files whose bytes could not be read as their type: left as they are, listed for a person to look at. */
  unreadable: string[];
  /**
   * Whether the table's files were written anew without the old bytes (VACUUM FULL); false when
   * nothing was rewritten, or when the database refused it (the role does not own the table).
   */
  purged: boolean;
}

/**
 * Rewrites, once, the evidence files stored before uploads were rewritten (`npm run
 * reclean-evidence`). Each rewrite replaces the bytes and is an audited event binding the new
 * sha256 beside the old one, in the same transaction; a file already rewritten is skipped, so the
 * command can run again. One file at a time, each its own short transaction.
 *
 * An UPDATE leaves the old bytes in the table's files (PostgreSQL keeps the old row version until
 * a VACUUM, and a VACUUM only marks its space free): once files were rewritten, VACUUM FULL writes
 * the table and its TOAST table anew and drops the old files, so the old bytes leave the disk
 * (not the write-ahead log or backups, which rotate). It locks the table while it copies it.
 */
@Injectable()
export class EvidenceRecleaner {
  private readonly logger = new Logger(EvidenceRecleaner.name);
  /** How long the purge waits for the transactions that could still read the old bytes. */
  waitForReadersMs = 10 * 60_000;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async recleanAll(): Promise<RecleanSummary> {
    const summary: RecleanSummary = { rewritten: 0, unreadable: [], purged: false };
    const pending = (await this.db.query(
      `SELECT id FROM evidence_files WHERE NOT rewritten AND content IS NOT NULL ORDER BY created_at, id`,
    )) as Array<{ id: string }>;
    for (const { id } of pending) {
      const [file] = (await this.db.query(
        `SELECT f.id, f.media_type, f.size, f.sha256, f.content, coalesce(p.commitment_id, m.commitment_id) AS commitment_id
           FROM evidence_files f LEFT JOIN progress_reports p ON p.id = f.report_id LEFT JOIN milestones m ON m.id = f.milestone_id
          WHERE f.id = $1 AND NOT f.rewritten`,
        [id],
      )) as Array<{ id: string; media_type: string; size: number; sha256: string; content: Buffer; commitment_id: string | null }>;
      if (!file) {
        continue;
      }
      let rewritten: Awaited<ReturnType<typeof rewriteEvidence>>;
      try {
        rewritten = await rewriteEvidence(file.content);
      } catch (error) {
        if (!(error instanceof MalformedFile)) {
          throw error;
        }
        rewritten = null;
      }
      if (!rewritten || rewritten.type !== file.media_type) {
        summary.unreadable.push(id);
        continue;
      }
      const sha256 = createHash('sha256').update(rewritten.bytes).digest('hex');
      await this.db.transaction(async (tx) => {
        const changed = await changedRows<{ id: string }>(
          tx,
          `UPDATE evidence_files SET content = $2, size = $3, sha256 = $4, rewritten = true WHERE id = $1 AND NOT rewritten RETURNING id`,
          [id, rewritten.bytes, rewritten.bytes.length, sha256],
        );
        if (!changed.length) {
          return;
        }
        await this.audit.append(tx, {
          actor: systemActor,
          action: 'evidence.rewritten',
          entityType: 'evidence_file',
          entityId: id,
          subject: file.commitment_id ? `commitment:${file.commitment_id}` : undefined,
          data: { id, before: { sha256: file.sha256, size: file.size }, after: { sha256, size: rewritten.bytes.length } },
        });
        summary.rewritten += 1;
      });
    }
    if (summary.rewritten) {
      summary.purged = await this.purgeOldVersions();
    }
    return summary;
  }

  /**
   * VACUUM FULL of evidence_files, again until it leaves no old version behind; true when the
   * table now lives in new files holding none (a role that does not own it is skipped with a
   * warning). VACUUM FULL copies a dead row version that a transaction begun before the rewrite
   * might still read (a background export's snapshot, a page being read): those old bytes would
   * live on in the new files. Only its VERBOSE report counts them ("N dead row versions cannot be
   * removed yet", the first number of its detail in any language; pg_class.reltuples leaves them
   * out), so the purge reads it, waits for that transaction and copies again.
   */
  private async purgeOldVersions(): Promise<boolean> {
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as NoticeSource;
    let keptByLastRun: number | null = null;
    const onNotice = (notice: { message?: string; detail?: string }) => {
      const kept = notice.message?.includes('evidence_files') ? /^\d+/.exec(notice.detail ?? '') : null;
      if (kept) {
        keptByLastRun = Number(kept[0]);
      }
    };
    client.on('notice', onNotice);
    try {
      const files = async () =>
        (
          (await runner.query(
            `SELECT pg_relation_filenode(c.oid)::text || '/' || coalesce(pg_relation_filenode(nullif(c.reltoastrelid, 0))::text, '') AS files
               FROM pg_class c WHERE c.oid = 'evidence_files'::regclass`,
          )) as Array<{ files: string }>
        )[0].files;
      let current = await files();
      const deadline = Date.now() + this.waitForReadersMs;
      for (let pause = 100; ; pause = Math.min(pause * 2, 5000)) {
        keptByLastRun = null;
        await runner.query('VACUUM (FULL, VERBOSE) evidence_files');
        const now = await files();
        if (now === current) {
          // Skipped, with a warning from the database: only the table's owner may VACUUM it.
          return false;
        }
        current = now;
        // No report at all (a connection that drops notices) cannot be told from none kept; the
        // embedded database, the one such case seen, runs one transaction at a time anyway.
        const kept: number = keptByLastRun ?? 0;
        if (kept === 0) {
          return true;
        }
        if (Date.now() + pause > deadline) {
          this.logger.warn(
            `${kept} old versions of evidence files are still kept for a transaction open since before the rewrite; run reclean-evidence again once it has ended`,
          );
          return false;
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    } finally {
      client.off('notice', onNotice);
      await runner.release();
    }
  }
}

/** The `pg` client under a query runner, which reports a VACUUM VERBOSE's figures as notices. */
interface NoticeSource {
  on(event: 'notice', listener: (notice: { message?: string; detail?: string }) => void): void;
  off(event: 'notice', listener: (notice: { message?: string; detail?: string }) => void): void;
}
