import { createHash } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { AuditService, systemActor } from '../audit/audit.service';
import { changedRows } from '../common/sql';
import { rewriteEvidence } from './file-bytes';
import { MalformedFile } from './malformed-file';

export interface RecleanSummary {
  rewritten: number;
  /** Files whose bytes could not be read as their type: left as they are, listed for a person to look at. */
  unreadable: string[];
}

/**
 * Rewrites, once, the evidence files stored before uploads were rewritten (`npm run
 * reclean-evidence`). Each rewrite replaces the bytes and is an audited event binding the new
 * sha256 beside the old one, in the same transaction; a file already rewritten is skipped, so the
 * command can run again. One file at a time, each its own short transaction.
 */
@Injectable()
export class EvidenceRecleaner {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async recleanAll(): Promise<RecleanSummary> {
    const summary: RecleanSummary = { rewritten: 0, unreadable: [] };
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
    return summary;
  }
}
