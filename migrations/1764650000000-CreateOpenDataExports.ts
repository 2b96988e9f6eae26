import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The open data export, generated in the background and kept (DESIGN.md, "The open data
 * export"): a request streams the latest complete one, 1 MB chunk by chunk, and never starts a
 * generation. Kept in the database, not on an instance's disk, so every instance serves the same
 * file with the same ETag (the head it covers).
 */
export class CreateOpenDataExports1764650000000 implements MigrationInterface {
  name = 'CreateOpenDataExports1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open_data_exports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        head_seq bigint NOT NULL,
        head_hash text,
        generated_at timestamptz NOT NULL,
        size bigint NOT NULL DEFAULT 0,
        sha256 text,
        -- What the latest full verification said when it was generated (the file says it too):
        -- part of its ETag, so a failure found since is a new file to every client.
        valid boolean NOT NULL,
        -- Chunks are written after the snapshot is read; only a complete export is served.
        complete boolean NOT NULL DEFAULT false
      );
      CREATE INDEX open_data_exports_latest_idx ON open_data_exports (id DESC) WHERE complete;
      CREATE TABLE open_data_export_chunks (
        export_id bigint NOT NULL REFERENCES open_data_exports(id) ON DELETE CASCADE,
        n integer NOT NULL,
        bytes bytea NOT NULL,
        PRIMARY KEY (export_id, n)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE open_data_export_chunks, open_data_exports`);
  }
}
