import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Whether a stored evidence file has been rewritten from its pixels or pages (DESIGN.md, "Evidence
 * is rewritten, not filtered"). Uploads are rewritten before they are stored; files stored before
 * that are rewritten once by `npm run reclean-evidence`, which this column lets run again safely
 * (a JPEG encoded twice would change twice).
 */
export class AddEvidenceRewritten1764410000000 implements MigrationInterface {
  name = 'AddEvidenceRewritten1764410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence_files ADD COLUMN rewritten boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE evidence_files DROP COLUMN rewritten`);
  }
}
