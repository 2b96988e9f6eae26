import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records bound to the chain (DESIGN.md, "Accountability record"): canonical text v2 for new
 * events, with a sealed part whose salt sits beside the event, and `audit_records`, one row per
 * (event, record) holding the salted hash of the record's canonical JSON as that event left it.
 * A full verification compares every row of the bound tables with its latest binding, so a row
 * rewritten, inserted or erased behind the API's back shows.
 *
 * A purge names the events it erased (`purged_by`), and the purge event's sealed part covers that
 * list, so an erasure cannot borrow an earlier purge. Salts and data may only ever be erased:
 * the guards refuse every other change.
 */
export class BindRecords1764600000000 implements MigrationInterface {
  name = 'BindRecords1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE audit_events ADD COLUMN v smallint NOT NULL DEFAULT 1 CHECK (v IN (1, 2));
      ALTER TABLE audit_events ADD COLUMN event_salt text;
      ALTER TABLE audit_events ADD COLUMN purged_by bigint;
      CREATE INDEX audit_events_purged_by_idx ON audit_events (purged_by) WHERE purged_by IS NOT NULL;
      -- Whether a bound write has happened yet (after it, no baseline may bind anything).
      CREATE INDEX audit_events_bound_writes_idx ON audit_events (seq) WHERE v = 2 AND action <> 'record.baseline';

      CREATE TABLE audit_records (
        seq bigint NOT NULL REFERENCES audit_events(seq),
        record_type text NOT NULL,
        record_id text NOT NULL,
        -- sha256(salt + canonical JSON of the record after the event's write).
        hash text NOT NULL,
        -- Outside every hash; erased by a purge of the record, so nobody can test a guess at
        -- words the record held before.
        salt text,
        -- Public bindings are listed in the event's canonical text and their salt is exported;
        -- the others are covered by the sealed part only and their salt never leaves the database.
        public boolean NOT NULL,
        PRIMARY KEY (seq, record_type, record_id)
      );
      CREATE INDEX audit_records_record_idx ON audit_records (record_type, record_id, seq DESC);

      ALTER TABLE audit_verifications ADD COLUMN broken_record text;
    `);
    // A database that already holds records asks the first start to bind them (record.baseline).
    // Asked here, once, not decided at every start: a row inserted behind the API's back later
    // must be reported, not bound.
    await q.query(`
      INSERT INTO app_settings (key, value)
      SELECT 'records.baseline', '"pending"'::jsonb
       WHERE EXISTS (SELECT 1 FROM organizations) OR EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM dialogues)
          OR EXISTS (SELECT 1 FROM threads) OR EXISTS (SELECT 1 FROM messages)
      ON CONFLICT (key) DO NOTHING
    `);
    await q.query(`
      CREATE OR REPLACE FUNCTION suivi_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
          AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor IS NOT DISTINCT FROM OLD.actor
          AND NEW.action = OLD.action AND NEW.entity_type = OLD.entity_type
          AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.subject IS NOT DISTINCT FROM OLD.subject
          AND NEW.data_digest = OLD.data_digest
          AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash AND NEW.canonical = OLD.canonical
          AND NEW.v = OLD.v
          AND NEW.data IS NULL AND NEW.salt IS NULL AND NEW.event_salt IS NULL AND NEW.purged_at IS NOT NULL
          AND (OLD.purged_by IS NULL OR NEW.purged_by IS NOT DISTINCT FROM OLD.purged_by) THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on audit_events is not allowed: only a purge of data and salts is', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE FUNCTION suivi_audit_records_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
          AND NEW.seq = OLD.seq AND NEW.record_type = OLD.record_type AND NEW.record_id = OLD.record_id
          AND NEW.hash = OLD.hash AND NEW.public = OLD.public AND NEW.salt IS NULL THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on audit_records is not allowed: only a purge of a salt is', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE TRIGGER audit_records_append_only BEFORE UPDATE OR DELETE ON audit_records
        FOR EACH ROW EXECUTE FUNCTION suivi_audit_records_guard();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM app_settings WHERE key = 'records.baseline';
      DROP TABLE audit_records;
      DROP FUNCTION suivi_audit_records_guard();
      ALTER TABLE audit_verifications DROP COLUMN broken_record;
      DROP INDEX audit_events_purged_by_idx;
      DROP INDEX audit_events_bound_writes_idx;
      ALTER TABLE audit_events DROP COLUMN purged_by, DROP COLUMN event_salt, DROP COLUMN v;
      CREATE OR REPLACE FUNCTION suivi_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
          AND NEW.seq = OLD.seq AND NEW.at = OLD.at AND NEW.actor IS NOT DISTINCT FROM OLD.actor
          AND NEW.action = OLD.action AND NEW.entity_type = OLD.entity_type
          AND NEW.entity_id IS NOT DISTINCT FROM OLD.entity_id AND NEW.subject IS NOT DISTINCT FROM OLD.subject
          AND NEW.data_digest = OLD.data_digest
          AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash AND NEW.canonical = OLD.canonical
          AND NEW.data IS NULL AND NEW.salt IS NULL AND NEW.purged_at IS NOT NULL THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% on audit_events is not allowed: only a purge of data and salt is', TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$;
    `);
  }
}
