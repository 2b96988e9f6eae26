import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole domain of DESIGN.md. Vocabularies are CHECK constraints on text rather than
 * PostgreSQL enums: adding a value is then one migration that replaces a constraint.
 */
export class CreateSchema1764000000000 implements MigrationInterface {
  name = 'CreateSchema1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name_en text,
        name_fr text,
        acronym text,
        stakeholder_group text NOT NULL CHECK (stakeholder_group IN
          ('government','civil_society','international_partner','academia','media','secretariat')),
        illustrative boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (coalesce(name_en, name_fr) IS NOT NULL)
      );
      CREATE INDEX organizations_group_idx ON organizations (stakeholder_group);

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        display_name text NOT NULL,
        locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('en','fr')),
        password_hash text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','active','suspended')),
        role text NOT NULL DEFAULT 'member' CHECK (role IN ('member','secretariat')),
        organization_id uuid REFERENCES organizations(id),
        approved_at timestamptz,
        confirmed_at timestamptz,
        confirmed_by uuid REFERENCES users(id),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX users_email_key ON users (lower(email));
      CREATE INDEX users_organization_idx ON users (organization_id);
      CREATE INDEX users_status_idx ON users (status);

      CREATE TABLE dialogues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title_en text,
        title_fr text,
        summary_en text,
        summary_fr text,
        place text NOT NULL DEFAULT '',
        start_date date NOT NULL,
        end_date date NOT NULL,
        status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','follow_up','closed')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (coalesce(title_en, title_fr) IS NOT NULL),
        CHECK (end_date >= start_date)
      );

      CREATE TABLE dialogue_participants (
        dialogue_id uuid NOT NULL REFERENCES dialogues(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        PRIMARY KEY (dialogue_id, organization_id)
      );
      CREATE INDEX dialogue_participants_org_idx ON dialogue_participants (organization_id);

      CREATE TABLE recommendations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dialogue_id uuid NOT NULL REFERENCES dialogues(id),
        code text NOT NULL,
        text_en text,
        text_fr text,
        addressed_to text[] NOT NULL DEFAULT '{}',
        themes text[] NOT NULL DEFAULT '{}',
        search tsvector GENERATED ALWAYS AS (
          to_tsvector('english'::regconfig, coalesce(code, '') || ' ' || coalesce(text_en, ''))
          || to_tsvector('french'::regconfig, coalesce(text_fr, ''))
        ) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (coalesce(text_en, text_fr) IS NOT NULL),
        UNIQUE (dialogue_id, code)
      );
      CREATE INDEX recommendations_search_idx ON recommendations USING gin (search);
      CREATE INDEX recommendations_themes_idx ON recommendations USING gin (themes);

      CREATE TABLE commitments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dialogue_id uuid NOT NULL REFERENCES dialogues(id),
        title_en text,
        title_fr text,
        description_en text,
        description_fr text,
        owner_id uuid NOT NULL REFERENCES organizations(id),
        themes text[] NOT NULL DEFAULT '{}',
        regions text[] NOT NULL DEFAULT '{}',
        start_date date,
        due_date date,
        indicators jsonb NOT NULL DEFAULT '[]',
        -- Derived from progress reports; written only by the report service.
        current_status text NOT NULL DEFAULT 'not_started'
          CHECK (current_status IN ('not_started','in_progress','stalled','completed','withdrawn')),
        verified_status text
          CHECK (verified_status IN ('not_started','in_progress','stalled','completed','withdrawn')),
        assessed_status text
          CHECK (assessed_status IN ('not_started','in_progress','stalled','completed','withdrawn')),
        contested boolean GENERATED ALWAYS AS
          (assessed_status IS NOT NULL AND assessed_status <> current_status) STORED,
        last_report_at timestamptz,
        search tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('english'::regconfig, coalesce(title_en, '')), 'A')
          || setweight(to_tsvector('english'::regconfig, coalesce(description_en, '')), 'B')
          || setweight(to_tsvector('french'::regconfig, coalesce(title_fr, '')), 'A')
          || setweight(to_tsvector('french'::regconfig, coalesce(description_fr, '')), 'B')
        ) STORED,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (coalesce(title_en, title_fr) IS NOT NULL),
        CHECK (due_date IS NULL OR start_date IS NULL OR due_date >= start_date)
      );
      CREATE INDEX commitments_dialogue_idx ON commitments (dialogue_id);
      CREATE INDEX commitments_owner_idx ON commitments (owner_id);
      CREATE INDEX commitments_status_idx ON commitments (current_status);
      CREATE INDEX commitments_due_idx ON commitments (due_date);
      CREATE INDEX commitments_overdue_idx ON commitments (due_date)
        WHERE current_status NOT IN ('completed','withdrawn');
      CREATE INDEX commitments_contested_idx ON commitments (contested) WHERE contested;
      CREATE INDEX commitments_updated_idx ON commitments (updated_at);
      CREATE INDEX commitments_themes_idx ON commitments USING gin (themes);
      CREATE INDEX commitments_regions_idx ON commitments USING gin (regions);
      CREATE INDEX commitments_search_idx ON commitments USING gin (search);

      CREATE TABLE commitment_supporters (
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        PRIMARY KEY (commitment_id, organization_id)
      );
      CREATE INDEX commitment_supporters_org_idx ON commitment_supporters (organization_id);

      CREATE TABLE commitment_recommendations (
        commitment_id uuid NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
        recommendation_id uuid NOT NULL REFERENCES recommendations(id),
        PRIMARY KEY (commitment_id, recommendation_id)
      );
      CREATE INDEX commitment_recommendations_rec_idx ON commitment_recommendations (recommendation_id);

      CREATE TABLE progress_reports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        commitment_id uuid NOT NULL REFERENCES commitments(id),
        kind text NOT NULL CHECK (kind IN ('self_report','independent_assessment')),
        status text NOT NULL CHECK (status IN ('not_started','in_progress','stalled','completed','withdrawn')),
        percent smallint CHECK (percent BETWEEN 0 AND 100),
        narrative_en text,
        narrative_fr text,
        evidence_links text[] NOT NULL DEFAULT '{}',
        indicator_values jsonb,
        author_id uuid REFERENCES users(id),
        author_name text,
        organization_id uuid NOT NULL REFERENCES organizations(id),
        corrects_id uuid REFERENCES progress_reports(id),
        illustrative boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (coalesce(narrative_en, narrative_fr) IS NOT NULL)
      );
      CREATE INDEX progress_reports_commitment_idx ON progress_reports (commitment_id, kind, created_at);
      CREATE INDEX progress_reports_org_idx ON progress_reports (organization_id);

      CREATE TABLE report_verifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL UNIQUE REFERENCES progress_reports(id),
        verified_by uuid REFERENCES users(id),
        organization_id uuid NOT NULL REFERENCES organizations(id),
        note text,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE report_translations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid NOT NULL REFERENCES progress_reports(id),
        locale text NOT NULL CHECK (locale IN ('en','fr')),
        narrative text NOT NULL,
        author_id uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (report_id, locale)
      );

      CREATE TABLE milestones (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        commitment_id uuid NOT NULL REFERENCES commitments(id),
        title_en text,
        title_fr text,
        planned_date date,
        reached_date date,
        evidence text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (coalesce(title_en, title_fr) IS NOT NULL)
      );
      CREATE INDEX milestones_commitment_idx ON milestones (commitment_id, planned_date);

      CREATE TABLE evidence_files (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        report_id uuid REFERENCES progress_reports(id),
        milestone_id uuid REFERENCES milestones(id),
        name text NOT NULL,
        media_type text NOT NULL,
        size integer NOT NULL CHECK (size >= 0),
        sha256 text NOT NULL,
        storage text NOT NULL DEFAULT 'database',
        content bytea,
        uploaded_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX evidence_files_report_idx ON evidence_files (report_id);
      CREATE INDEX evidence_files_milestone_idx ON evidence_files (milestone_id);

      CREATE TABLE follows (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        subject_type text NOT NULL CHECK (subject_type IN ('dialogue','recommendation','commitment')),
        subject_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (user_id, subject_type, subject_id)
      );
      CREATE INDEX follows_subject_idx ON follows (subject_type, subject_id);

      CREATE TABLE threads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject_type text CHECK (subject_type IN ('dialogue','recommendation','commitment')),
        subject_id uuid,
        dialogue_id uuid REFERENCES dialogues(id),
        title_en text,
        title_fr text,
        visibility text NOT NULL DEFAULT 'public' CHECK (visibility IN (
          'public','participants','secretariat','group:government','group:civil_society',
          'group:international_partner','group:academia','group:media','group:secretariat')),
        locked boolean NOT NULL DEFAULT false,
        last_seq bigint NOT NULL DEFAULT 0,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX threads_subject_idx ON threads (subject_type, subject_id);

      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        thread_id uuid NOT NULL REFERENCES threads(id),
        seq bigint NOT NULL,
        author_id uuid NOT NULL REFERENCES users(id),
        pseudonymous boolean NOT NULL DEFAULT false,
        pseudonym text,
        body text NOT NULL,
        reply_to_id uuid REFERENCES messages(id),
        state text NOT NULL DEFAULT 'visible' CHECK (state IN ('visible','hidden','deleted')),
        edited_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (pseudonymous = (pseudonym IS NOT NULL))
      );
      CREATE UNIQUE INDEX messages_thread_seq_key ON messages (thread_id, seq);
      CREATE INDEX messages_author_idx ON messages (author_id);

      CREATE TABLE flags (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES messages(id),
        reporter_id uuid NOT NULL REFERENCES users(id),
        reason text NOT NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open','upheld','dismissed')),
        moderator_id uuid REFERENCES users(id),
        resolution text,
        resolved_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX flags_open_idx ON flags (created_at) WHERE state = 'open';
      CREATE INDEX flags_message_idx ON flags (message_id);

      CREATE TABLE sanctions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- The person restricted. For a sanction reached through a pseudonymous message, no
        -- account view reads this row: only the restricted person is told.
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL CHECK (kind IN ('warning','mute','suspend')),
        until timestamptz,
        reason text NOT NULL,
        moderator_id uuid REFERENCES users(id),
        via_message_id uuid REFERENCES messages(id),
        through_pseudonym boolean NOT NULL DEFAULT false,
        lifted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX sanctions_user_idx ON sanctions (user_id, created_at);

      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id),
        kind text NOT NULL,
        subject_type text,
        subject_id uuid,
        payload jsonb NOT NULL DEFAULT '{}',
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
      CREATE INDEX notifications_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

      CREATE TABLE audit_events (
        seq bigint PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        -- What the event is about for the public record, e.g. commitment:<id> for a report on it.
        subject text,
        data_digest text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE,
        -- The exact text that was hashed, stored so verification never re-serialises.
        canonical text NOT NULL,
        -- Outside the hash: erased by a purge, after which the chain still verifies. Kept as the
        -- exact canonical text that was digested (jsonb would reorder keys).
        data text,
        salt text,
        purged_at timestamptz
      );
      CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id);
      CREATE INDEX audit_events_subject_idx ON audit_events (subject, seq);
      CREATE INDEX audit_events_at_idx ON audit_events (at);

      CREATE TABLE audit_checkpoints (
        seq bigint PRIMARY KEY REFERENCES audit_events(seq),
        hash text NOT NULL,
        reason text NOT NULL CHECK (reason IN ('daily','manual')),
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE app_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `);

    // What has been said cannot be unsaid through the application: reports and audit events
    // refuse UPDATE and DELETE, except the purge of an event's data and salt. Someone with the
    // database's owner rights can still disable this; the hash chain and its published
    // checkpoints are what show that.
    await q.query(`
      CREATE FUNCTION suivi_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% on % is not allowed: the record is append-only', TG_OP, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE FUNCTION suivi_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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

      CREATE TRIGGER progress_reports_append_only BEFORE UPDATE OR DELETE ON progress_reports
        FOR EACH ROW EXECUTE FUNCTION suivi_refuse_change();
      CREATE TRIGGER report_verifications_append_only BEFORE UPDATE OR DELETE ON report_verifications
        FOR EACH ROW EXECUTE FUNCTION suivi_refuse_change();
      CREATE TRIGGER report_translations_append_only BEFORE UPDATE OR DELETE ON report_translations
        FOR EACH ROW EXECUTE FUNCTION suivi_refuse_change();
      CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON audit_checkpoints
        FOR EACH ROW EXECUTE FUNCTION suivi_refuse_change();
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION suivi_audit_guard();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS app_settings, audit_checkpoints, audit_events, notifications, sanctions, flags,
        messages, threads, follows, evidence_files, milestones, report_translations, report_verifications,
        progress_reports, commitment_recommendations, commitment_supporters, commitments, recommendations,
        dialogue_participants, dialogues, users, organizations CASCADE;
      DROP FUNCTION IF EXISTS suivi_refuse_change();
      DROP FUNCTION IF EXISTS suivi_audit_guard();
    `);
  }
}
