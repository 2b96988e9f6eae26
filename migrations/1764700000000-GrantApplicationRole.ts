import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The API does not own its tables in production (DESIGN.md, "Accountability record"). Whoever
 * runs the migrations owns them; the API connects as a member of `suivi_api`, a role without
 * login that may read every table and add rows, change rows only where the application changes
 * them, and delete only where it deletes. Its owner could disable the triggers and rewrite the
 * record, so a production API connected that way refuses to start.
 *
 * The role belongs to the server, not to this database: created when absent, never dropped (other
 * databases on the server may grant to it too).
 */
const APP_ROLE = 'suivi_api';

const TABLES = [
  'organizations',
  'users',
  'dialogues',
  'dialogue_participants',
  'recommendations',
  'commitments',
  'commitment_supporters',
  'commitment_recommendations',
  'progress_reports',
  'report_verifications',
  'report_translations',
  'milestones',
  'evidence_files',
  'follows',
  'threads',
  'messages',
  'sessions',
  'password_resets',
  'flags',
  'sanctions',
  'notifications',
  'audit_events',
  'audit_checkpoints',
  'audit_verifications',
  'audit_records',
  'app_settings',
  'open_data_exports',
  'open_data_export_chunks',
];

/**
 * Every UPDATE the application runs (apps/api/src). Reports, their verifications and
 * translations, checkpoints and verification results are written once; an audit event's only
 * change is a purge of its data and salts, a binding's only change the erasure of its salt.
 */
const UPDATES = [
  'users',
  'sessions',
  'password_resets',
  'organizations',
  'dialogues',
  'recommendations',
  'commitments',
  'milestones',
  'evidence_files',
  'threads',
  'messages',
  'flags',
  'sanctions',
  'notifications',
  'open_data_exports',
];
const COLUMN_UPDATES: Record<string, string[]> = {
  audit_events: ['data', 'salt', 'event_salt', 'purged_at', 'purged_by'],
  audit_records: ['salt'],
  // The test clock's offset (NODE_ENV=test only); no other setting is ever changed.
  app_settings: ['value', 'updated_at'],
};

/**
 * Every DELETE FROM the application runs: links replaced whole, follows, notifications, exports
 * past the ones kept (their chunks go by the foreign key's cascade, run as the owner), the
 * baseline request once answered.
 */
const DELETES = [
  'dialogue_participants',
  'commitment_supporters',
  'commitment_recommendations',
  'follows',
  'notifications',
  'open_data_exports',
  'app_settings',
];

export class GrantApplicationRole1764700000000 implements MigrationInterface {
  name = 'GrantApplicationRole1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
          CREATE ROLE ${APP_ROLE} NOLOGIN;
        END IF;
      EXCEPTION WHEN duplicate_object OR unique_violation THEN
        -- Another database on this server created it at the same moment.
        NULL;
      END $$;
    `);
    await q.query(`
      DO $$
      BEGIN
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO ${APP_ROLE}', current_schema());
        EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA %I TO ${APP_ROLE}', current_schema());
      END $$;
    `);
    await q.query(`GRANT SELECT, INSERT ON ${TABLES.join(', ')} TO ${APP_ROLE}`);
    await q.query(`GRANT UPDATE ON ${UPDATES.join(', ')} TO ${APP_ROLE}`);
    for (const [table, columns] of Object.entries(COLUMN_UPDATES)) {
      await q.query(`GRANT UPDATE (${columns.join(', ')}) ON ${table} TO ${APP_ROLE}`);
    }
    await q.query(`GRANT DELETE ON ${DELETES.join(', ')} TO ${APP_ROLE}`);
    // Whether the schema is up to date, which a production API checks at start; nothing more.
    await q.query(`GRANT SELECT ON migrations TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`REVOKE ALL ON ${[...TABLES, 'migrations'].join(', ')} FROM ${APP_ROLE}`);
    for (const [table, columns] of Object.entries(COLUMN_UPDATES)) {
      await q.query(`REVOKE UPDATE (${columns.join(', ')}) ON ${table} FROM ${APP_ROLE}`);
    }
    await q.query(`
      DO $$
      BEGIN
        EXECUTE format('REVOKE USAGE ON ALL SEQUENCES IN SCHEMA %I FROM ${APP_ROLE}', current_schema());
        EXECUTE format('REVOKE USAGE ON SCHEMA %I FROM ${APP_ROLE}', current_schema());
      END $$;
    `);
  }
}
