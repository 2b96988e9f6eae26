import type { MigrationInterface, QueryRunner } from 'typeorm';

const APP_ROLE = 'suivi_api';

/**
 * The follow-up routine (issue 20, DESIGN.md): reporting rounds, the requests they freeze when
 * they open, and each organisation's focal points.
 *
 * A request's state is not stored: it is derived from the reports filed during the round (see
 * apps/api/src/rounds/round-states.ts), so nothing but the record decides whether a ministry
 * answered. Requests never change once the round opens (append-only, like reports); a round's
 * rows change only through the API's audited writes, and both are records the chain binds.
 *
 * Dates are calendar days (`date`): a round opens at the start of `opens_on` and takes reports
 * until the end of `closes_on`, days as the one clock counts them (UTC).
 */
export class CreateReportingRounds1764900000000 implements MigrationInterface {
  name = 'CreateReportingRounds1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting_rounds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dialogue_id uuid NOT NULL REFERENCES dialogues(id),
        title_en text,
        title_fr text,
        opens_on date NOT NULL,
        due_on date NOT NULL,
        closes_on date NOT NULL,
        invite_assessments boolean NOT NULL DEFAULT false,
        scope jsonb,
        state text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'open', 'closed')),
        opened_at timestamptz,
        closed_at timestamptz,
        closed_by text CHECK (closed_by IN ('system', 'secretariat')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (title_en IS NOT NULL OR title_fr IS NOT NULL),
        CHECK (due_on >= opens_on AND closes_on >= due_on),
        CHECK ((state = 'planned') = (opened_at IS NULL)),
        CHECK ((state = 'closed') = (closed_at IS NOT NULL))
      );
      CREATE INDEX reporting_rounds_dialogue_idx ON reporting_rounds (dialogue_id, opens_on DESC);
      -- The tick's two questions: which planned rounds open today, which open rounds have ended.
      CREATE INDEX reporting_rounds_due_idx ON reporting_rounds (state, opens_on, closes_on) WHERE state <> 'closed';

      CREATE TABLE report_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES reporting_rounds(id),
        commitment_id uuid NOT NULL REFERENCES commitments(id),
        track text NOT NULL CHECK (track IN ('self_report', 'independent_assessment')),
        -- The owner for a self-report; NULL for the assessment track (any civil-society organisation not owning it).
        organization_id uuid REFERENCES organizations(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, commitment_id, track),
        CHECK ((track = 'self_report') = (organization_id IS NOT NULL))
      );
      CREATE INDEX report_requests_commitment_idx ON report_requests (commitment_id);
      CREATE INDEX report_requests_organization_idx ON report_requests (organization_id) WHERE organization_id IS NOT NULL;
      CREATE TRIGGER report_requests_append_only BEFORE UPDATE OR DELETE ON report_requests
        FOR EACH ROW EXECUTE FUNCTION suivi_refuse_change();

      CREATE TABLE organization_focal_points (
        organization_id uuid NOT NULL REFERENCES organizations(id),
        user_id uuid NOT NULL REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, user_id)
      );
      CREATE INDEX organization_focal_points_user_idx ON organization_focal_points (user_id);
    `);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON reporting_rounds TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT ON report_requests TO ${APP_ROLE}`);
    // A list replaced whole, as commitment_supporters is.
    await q.query(`GRANT SELECT, INSERT, DELETE ON organization_focal_points TO ${APP_ROLE}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS organization_focal_points, report_requests, reporting_rounds`);
  }
}
