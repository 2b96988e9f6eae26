import type { ErasableRecord } from '@suivi/contracts';
import type { EntityManager } from 'typeorm';

import { isoDate } from '../common/bilingual';

import { canonicalJson, sha256 } from './canonical';
import { latestReport, NO_SELF_REPORT } from './tracking';

/**
 * What a record is (DESIGN.md, "Accountability record"): a row of one of these tables, and the
 * canonical JSON the chain binds for it. Values are normalised (days as `YYYY-MM-DD`, counters as
 * numbers), so the JSON is the same whichever driver read the row. Written columns only: derived ones (statuses, overdue,
 * contested, counters, versions, `updated_at`) are re-derived by verification instead, so a
 * report arriving or the clock moving never needs a binding.
 *
 * The same query reads a row when an event binds it and when a full verification compares it,
 * so the JSON is built from identical driver values both times.
 */
export type RecordType =
  | 'organization'
  | 'user'
  | 'dialogue'
  | 'recommendation'
  | 'commitment'
  | 'report'
  | 'verification'
  | 'translation'
  | 'milestone'
  | 'evidence'
  | 'thread'
  | 'message'
  | 'round'
  | 'request';

export interface RecordRef {
  type: RecordType;
  id: string;
}

type Row = Record<string, unknown> & { id: string };
type Queryable = Pick<EntityManager, 'query'>;

export interface RecordKind {
  type: RecordType;
  table: string;
  /** Selects one row per record, the table aliased `r`, its id as text in `id`. No WHERE clause. */
  select: string;
  json(row: Row): Record<string, unknown>;
  /**
   * Whether the record belongs to the open data. The others (access state, safe spaces) are bound
   * under the sealed part with a salt that never leaves the database.
   */
  isPublic(row: Row): boolean;
  /** Invariants of the row beyond its JSON (an evidence file's bytes match its sha256). */
  intact?(row: Row): boolean;
  /**
   * Rows never change once written (the triggers refuse UPDATE): binding them locks nothing, and
   * the application's role holds no UPDATE right there, which a row lock would need.
   */
  appendOnly?: boolean;
  /**
   * How a purge erases the record's words, `$1` its id: the row stays, as a tombstone, and so do
   * its binding's other fields. Only records that hold words have it.
   */
  erase?: readonly string[];
  /**
   * Locked before the row when a purge erases it, `$1` the row's id: what the record's own writes
   * lock first (a message's thread), so that a purge and an edit never wait on each other crosswise.
   */
  lockFirst?: string;
}

const always = () => true;
const never = () => false;
const sortedIds = (sql: string) => `coalesce(ARRAY(${sql} ORDER BY 1), '{}')`;

/** An indicator's `current` is the latest self-report's value: derived, so not bound. */
function writtenIndicators(value: unknown): unknown {
  return Array.isArray(value)
    ? value.map((indicator) => {
        if (!indicator || typeof indicator !== 'object') {
          return indicator;
        }
        const { current: _current, ...written } = indicator as Record<string, unknown>;
        return written;
      })
    : value;
}

const publicThread = (visibility: unknown) => visibility === 'public';

export const RECORD_KINDS: readonly RecordKind[] = [
  {
    type: 'organization',
    table: 'organizations',
    select: `SELECT r.id::text AS id, r.name_en, r.name_fr, r.acronym, r.stakeholder_group, r.illustrative FROM organizations r`,
    json: (r) => ({
      id: r.id,
      name: { en: r['name_en'], fr: r['name_fr'] },
      acronym: r['acronym'],
      group: r['stakeholder_group'],
      illustrative: r['illustrative'],
    }),
    isPublic: always,
  },
  {
    // Access state only: who may read a safe space follows from these four columns.
    type: 'user',
    table: 'users',
    select: `SELECT r.id::text AS id, r.status, r.role, r.organization_id::text AS organization_id, r.epoch FROM users r`,
    json: (r) => ({ id: r.id, status: r['status'], role: r['role'], organizationId: r['organization_id'], epoch: Number(r['epoch']) }),
    isPublic: never,
  },
  {
    type: 'dialogue',
    table: 'dialogues',
    select: `SELECT r.id::text AS id, r.title_en, r.title_fr, r.summary_en, r.summary_fr, r.place, r.start_date, r.end_date, r.status,
                    ${sortedIds('SELECT p.organization_id::text FROM dialogue_participants p WHERE p.dialogue_id = r.id')} AS participants
               FROM dialogues r`,
    json: (r) => ({
      id: r.id,
      title: { en: r['title_en'], fr: r['title_fr'] },
      summary: { en: r['summary_en'], fr: r['summary_fr'] },
      place: r['place'],
      startDate: isoDate(r['start_date'] as string | null),
      endDate: isoDate(r['end_date'] as string | null),
      status: r['status'],
      participants: r['participants'],
    }),
    isPublic: always,
  },
  {
    type: 'recommendation',
    table: 'recommendations',
    select: `SELECT r.id::text AS id, r.dialogue_id::text AS dialogue_id, r.code, r.text_en, r.text_fr, r.addressed_to, r.themes FROM recommendations r`,
    json: (r) => ({
      id: r.id,
      dialogueId: r['dialogue_id'],
      code: r['code'],
      text: { en: r['text_en'], fr: r['text_fr'] },
      addressedTo: r['addressed_to'],
      themes: r['themes'],
    }),
    isPublic: always,
  },
  {
    type: 'commitment',
    table: 'commitments',
    select: `SELECT r.id::text AS id, r.dialogue_id::text AS dialogue_id, r.title_en, r.title_fr, r.description_en, r.description_fr,
                    r.owner_id::text AS owner_id, r.themes, r.regions, r.start_date, r.due_date, r.indicators,
                    ${sortedIds('SELECT s.organization_id::text FROM commitment_supporters s WHERE s.commitment_id = r.id')} AS supporters,
                    ${sortedIds('SELECT c.recommendation_id::text FROM commitment_recommendations c WHERE c.commitment_id = r.id')} AS recommendations
               FROM commitments r`,
    json: (r) => ({
      id: r.id,
      dialogueId: r['dialogue_id'],
      title: { en: r['title_en'], fr: r['title_fr'] },
      description: { en: r['description_en'], fr: r['description_fr'] },
      ownerId: r['owner_id'],
      themes: r['themes'],
      regions: r['regions'],
      startDate: isoDate(r['start_date'] as string | null),
      dueDate: isoDate(r['due_date'] as string | null),
      indicators: writtenIndicators(r['indicators']),
      supporters: r['supporters'],
      recommendations: r['recommendations'],
    }),
    isPublic: always,
  },
  {
    // Everything but the author.
    type: 'report',
    table: 'progress_reports',
    appendOnly: true,
    select: `SELECT r.id::text AS id, r.commitment_id::text AS commitment_id, r.kind, r.status, r.percent, r.narrative_en, r.narrative_fr,
                    r.evidence_links, r.indicator_values, r.organization_id::text AS organization_id, r.corrects_id::text AS corrects_id,
                    r.illustrative, r.created_at
               FROM progress_reports r`,
    json: (r) => ({
      id: r.id,
      commitmentId: r['commitment_id'],
      kind: r['kind'],
      status: r['status'],
      percent: r['percent'],
      narrative: { en: r['narrative_en'], fr: r['narrative_fr'] },
      evidenceLinks: r['evidence_links'],
      indicatorValues: r['indicator_values'],
      organizationId: r['organization_id'],
      correctsId: r['corrects_id'],
      illustrative: r['illustrative'],
      createdAt: r['created_at'],
    }),
    isPublic: always,
  },
  {
    type: 'verification',
    table: 'report_verifications',
    appendOnly: true,
    select: `SELECT r.id::text AS id, r.report_id::text AS report_id, r.organization_id::text AS organization_id, r.note, r.created_at
               FROM report_verifications r`,
    json: (r) => ({
      id: r.id,
      reportId: r['report_id'],
      organizationId: r['organization_id'],
      note: r['note'],
      createdAt: r['created_at'],
    }),
    isPublic: always,
  },
  {
    type: 'translation',
    table: 'report_translations',
    appendOnly: true,
    select: `SELECT r.id::text AS id, r.report_id::text AS report_id, r.locale, r.narrative, r.created_at FROM report_translations r`,
    json: (r) => ({ id: r.id, reportId: r['report_id'], locale: r['locale'], narrative: r['narrative'], createdAt: r['created_at'] }),
    isPublic: always,
  },
  {
    type: 'milestone',
    table: 'milestones',
    select: `SELECT r.id::text AS id, r.commitment_id::text AS commitment_id, r.title_en, r.title_fr, r.planned_date, r.reached_date, r.evidence
               FROM milestones r`,
    json: (r) => ({
      id: r.id,
      commitmentId: r['commitment_id'],
      title: { en: r['title_en'], fr: r['title_fr'] },
      plannedDate: isoDate(r['planned_date'] as string | null),
      reachedDate: isoDate(r['reached_date'] as string | null),
      evidence: r['evidence'],
    }),
    isPublic: always,
  },
  {
    // The bytes are checked against the bound sha256 (a purge erases them and binds that).
    type: 'evidence',
    table: 'evidence_files',
    select: `SELECT r.id::text AS id, r.report_id::text AS report_id, r.milestone_id::text AS milestone_id, r.name, r.media_type, r.size, r.sha256,
                    r.content IS NULL AS erased,
                    CASE WHEN r.content IS NULL THEN NULL ELSE encode(sha256(r.content), 'hex') END AS content_sha256
               FROM evidence_files r`,
    json: (r) => ({
      id: r.id,
      reportId: r['report_id'],
      milestoneId: r['milestone_id'],
      name: r['name'],
      mediaType: r['media_type'],
      size: Number(r['size']),
      sha256: r['sha256'],
      erased: r['erased'],
    }),
    isPublic: always,
    intact: (r) => r['content_sha256'] === null || r['content_sha256'] === r['sha256'],
    erase: [`UPDATE evidence_files SET content = NULL WHERE id = $1`],
  },
  {
    type: 'thread',
    table: 'threads',
    select: `SELECT r.id::text AS id, r.subject_type, r.subject_id::text AS subject_id, r.dialogue_id::text AS dialogue_id, r.title_en, r.title_fr,
                    r.visibility, r.locked
               FROM threads r`,
    json: (r) => ({
      id: r.id,
      subjectType: r['subject_type'],
      subjectId: r['subject_id'],
      dialogueId: r['dialogue_id'],
      title: { en: r['title_en'], fr: r['title_fr'] },
      visibility: r['visibility'],
      locked: r['locked'],
    }),
    isPublic: (r) => publicThread(r['visibility']),
  },
  {
    // A member's id or the pseudonym, never both; the words only while visible.
    type: 'message',
    table: 'messages',
    select: `SELECT r.id::text AS id, r.thread_id::text AS thread_id, r.number, r.state, r.reply_to_id::text AS reply_to_id,
                    r.pseudonym, CASE WHEN r.pseudonymous THEN NULL ELSE r.author_id::text END AS member_id, r.body,
                    (SELECT t.visibility FROM threads t WHERE t.id = r.thread_id) AS thread_visibility
               FROM messages r`,
    json: (r) => ({
      id: r.id,
      threadId: r['thread_id'],
      number: Number(r['number']),
      state: r['state'],
      replyToId: r['reply_to_id'],
      pseudonym: r['pseudonym'],
      memberId: r['member_id'],
      body: r['state'] === 'visible' ? r['body'] : null,
    }),
    isPublic: (r) => publicThread(r['thread_visibility']),
    lockFirst: `SELECT 1 FROM threads t WHERE t.id = (SELECT m.thread_id FROM messages m WHERE m.id = $1) FOR UPDATE OF t`,
    erase: [
      `UPDATE messages SET body = '', mentions = '[]', state = CASE WHEN state = 'visible' THEN 'hidden' ELSE state END, updated_at = now()
        WHERE id = $1`,
      // Notifications quote the message (an excerpt): they go with it.
      `DELETE FROM notifications WHERE payload->>'messageId' = $1::text`,
    ],
  },
  {
    // A reporting round: its written fields and its state. Request states are derived (round-states.ts), never bound.
    type: 'round',
    table: 'reporting_rounds',
    select: `SELECT r.id::text AS id, r.dialogue_id::text AS dialogue_id, r.title_en, r.title_fr, r.opens_on, r.due_on, r.closes_on,
                    r.invite_assessments, r.scope, r.state, r.opened_at, r.closed_at, r.closed_by
               FROM reporting_rounds r`,
    json: (r) => ({
      id: r.id,
      dialogueId: r['dialogue_id'],
      title: { en: r['title_en'], fr: r['title_fr'] },
      opensOn: isoDate(r['opens_on'] as string | null),
      dueOn: isoDate(r['due_on'] as string | null),
      closesOn: isoDate(r['closes_on'] as string | null),
      inviteAssessments: r['invite_assessments'],
      scope: r['scope'] ?? null,
      state: r['state'],
      openedAt: r['opened_at'],
      closedAt: r['closed_at'],
      closedBy: r['closed_by'],
    }),
    isPublic: always,
  },
  {
    // What a round asked, frozen when it opened.
    type: 'request',
    table: 'report_requests',
    appendOnly: true,
    select: `SELECT r.id::text AS id, r.round_id::text AS round_id, r.commitment_id::text AS commitment_id, r.track,
                    r.organization_id::text AS organization_id
               FROM report_requests r`,
    json: (r) => ({
      id: r.id,
      roundId: r['round_id'],
      commitmentId: r['commitment_id'],
      track: r['track'],
      organizationId: r['organization_id'],
    }),
    isPublic: always,
  },
];

const BY_TYPE = new Map(RECORD_KINDS.map((kind) => [kind.type, kind]));
/** Which record an event's entity is, when the entity type names one (an event binds its entity). */
const ENTITY_TYPES: Record<string, RecordType> = {
  organization: 'organization',
  user: 'user',
  dialogue: 'dialogue',
  recommendation: 'recommendation',
  commitment: 'commitment',
  report: 'report',
  milestone: 'milestone',
  evidence_file: 'evidence',
  thread: 'thread',
  message: 'message',
  round: 'round',
};

export function recordKind(type: string): RecordKind | undefined {
  return BY_TYPE.get(type as RecordType);
}

/** The kinds a purge reaches (those with an `erase`), as the contracts name them for the features that show them. */
export function isErasable(type: RecordType): type is ErasableRecord {
  return type === 'message' || type === 'evidence';
}

export function entityRecordType(entityType: string): RecordType | undefined {
  return ENTITY_TYPES[entityType];
}

/** The canonical JSON of a record as the chain binds it and the open data publishes it. */
export function recordJson(kind: RecordKind, row: Row): string {
  return canonicalJson(kind.json(row));
}

export function recordHash(salt: string, json: string): string {
  return sha256(salt + json);
}

/**
 * A commitment's derived statuses from its reports (DESIGN.md): current = latest self-report's,
 * verified = latest verified self-report's, assessed = latest independent assessment's, in the
 * one order of audit/tracking.ts. The report service writes them with these expressions and
 * verification re-derives them with the same, so neither can drift from the other.
 */
export const COMMITMENT_DERIVED = {
  current_status: `coalesce((${latestReport('self_report', 'c.id', { columns: ['status'] })}), ${NO_SELF_REPORT})`,
  verified_status: `(${latestReport('self_report', 'c.id', { columns: ['status'], verified: true })})`,
  assessed_status: `(${latestReport('independent_assessment', 'c.id', { columns: ['status'] })})`,
  last_report_at: `(SELECT max(p.created_at) FROM progress_reports p WHERE p.commitment_id = c.id)`,
} as const;

/**
 * Derived columns re-derived from the bound rows, 1,000 rows per statement after `$1` (an id),
 * each answering the ids whose stored value differs. `contested` is a generated column: the
 * database itself derives it from these.
 */
export const DERIVED_CHECKS: ReadonlyArray<{ type: RecordType; sql: string; publicIds: boolean }> = [
  {
    type: 'commitment',
    // Commitments are all public: a broken one is named; a thread may be a safe space.
    publicIds: true,
    sql: `SELECT c.id::text AS id,
                 (${Object.entries(COMMITMENT_DERIVED)
                   .map(([column, expression]) => `c.${column} IS DISTINCT FROM ${expression}`)
                   .join(' OR ')}) AS differs
            FROM commitments c WHERE ($1::uuid IS NULL OR c.id > $1::uuid) ORDER BY c.id LIMIT $2`,
  },
  {
    type: 'thread',
    publicIds: false,
    sql: `SELECT t.id::text AS id,
                 t.message_count IS DISTINCT FROM coalesce((SELECT max(m.number) FROM messages m WHERE m.thread_id = t.id), 0) AS differs
            FROM threads t WHERE ($1::uuid IS NULL OR t.id > $1::uuid) ORDER BY t.id LIMIT $2`,
  },
];

/** A row of a bound table with its latest binding (none for a row nothing bound). */
export type BoundRow = Row & {
  bound_seq: string | null;
  bound_hash: string | null;
  bound_salt: string | null;
  bound_public: boolean | null;
};

/**
 * Every row of a kind's table with its latest binding, `size` rows per statement in id order:
 * what the full verification compares and the open data export publishes, read alike.
 */
export function boundRows(db: Queryable, kind: RecordKind, size: number): AsyncGenerator<BoundRow[]> {
  return inIdBatches(
    (after) =>
      db.query(
        `WITH rows AS (${kind.select} WHERE ($1::uuid IS NULL OR r.id > $1::uuid) ORDER BY r.id LIMIT $2)
         SELECT rows.*, b.seq AS bound_seq, b.hash AS bound_hash, b.salt AS bound_salt, b.public AS bound_public
           FROM rows LEFT JOIN LATERAL (
                  SELECT a.seq, a.hash, a.salt, a.public FROM audit_records a
                   WHERE a.record_type = $3 AND a.record_id = rows.id ORDER BY a.seq DESC LIMIT 1) b ON true
          ORDER BY rows.id`,
        [after, size, kind.type],
      ) as Promise<BoundRow[]>,
    size,
  );
}

/**
 * Keyset paging by id: `read(after)` answers at most `size` rows with ids after `after`, in id
 * order; batches are yielded until one comes back short.
 */
export async function* inIdBatches<T extends { id: string }>(
  read: (after: string | null) => Promise<T[]>,
  size: number,
): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await read(after);
    if (rows.length) {
      yield rows;
    }
    if (rows.length < size) {
      return;
    }
    after = rows[rows.length - 1].id;
  }
}
