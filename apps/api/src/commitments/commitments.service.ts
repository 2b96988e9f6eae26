import { commitmentRounds } from '../rounds/rounds.service';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  PAGE_SIZE_DEFAULT,
  PROGRESS_STATUSES,
  type CommitmentBrief,
  type CommitmentSort,
  type CommitmentView,
  type Indicator,
  type Page,
  type CommitmentSummary,
  type OrganizationRef,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { notFound } from '../common/domain-error';
import { Clock } from '../clock/clock';
import { SqlParams } from '../database/sql';
import { bilingual, isoDate } from '../common/bilingual';
import { SingleFlight } from '../common/single-flight';
import { DomainEvents } from '../events/domain-events';
import { CommitmentListQuery } from './commitments.dto';
import { overdueSql, summaryColumns, toBrief, toSummary, type SummaryRow } from './commitment-rows';

const STATUS_ORDER = `array_position(ARRAY[${PROGRESS_STATUSES.map((s) => `'${s}'`).join(',')}]::text[], c.current_status)`;

/** One ORDER BY term: an expression of `c` (and `tsq` when searching) and its direction. */
type SortKey = readonly [expr: string, direction: 'ASC' | 'DESC' | 'ASC NULLS LAST' | 'DESC NULLS LAST'];

function sortKeys(sort: CommitmentSort, lang: 'en' | 'fr', hasQuery: boolean): SortKey[] {
  const title = lang === 'fr' ? 'lower(coalesce(c.title_fr, c.title_en))' : 'lower(coalesce(c.title_en, c.title_fr))';
  switch (sort) {
    case 'due':
      return [
        ['c.due_date', 'ASC NULLS LAST'],
        [title, 'ASC'],
      ];
    case '-due':
      return [
        ['c.due_date', 'DESC NULLS LAST'],
        [title, 'ASC'],
      ];
    case 'updated':
      return [['c.updated_at', 'ASC']];
    case '-updated':
      return [['c.updated_at', 'DESC']];
    case 'title':
      return [[title, 'ASC']];
    case '-title':
      return [[title, 'DESC']];
    case 'status':
      return [
        [STATUS_ORDER, 'ASC'],
        ['c.due_date', 'ASC NULLS LAST'],
      ];
    case 'relevance':
      return hasQuery ? [['ts_rank(c.search, tsq.query)', 'DESC']] : [['c.due_date', 'ASC NULLS LAST']];
  }
}

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The commitments of a dialogue, or those answering a recommendation, soonest due first: the
 * accountability report's and a recommendation page's lists. Read here, with this folder's
 * columns, so no other feature holds the commitments' SQL. `today` decides overdue.
 */
export async function commitmentSummaries(
  db: Queryable,
  today: string,
  of: { dialogueId: string } | { recommendationId: string },
): Promise<CommitmentSummary[]> {
  const where =
    'dialogueId' in of
      ? 'c.dialogue_id = $1'
      : 'c.id IN (SELECT commitment_id FROM commitment_recommendations WHERE recommendation_id = $1)';
  const rows = (await db.query(
    `SELECT ${summaryColumns(today)} FROM commitments c JOIN organizations o ON o.id = c.owner_id
      WHERE ${where} ORDER BY c.due_date NULLS LAST, c.id`,
    ['dialogueId' in of ? of.dialogueId : of.recommendationId],
  )) as SummaryRow[];
  return rows.map(toSummary);
}

/**
 * What the dashboard lists as needing attention: the first `limit` overdue commitments (soonest
 * due first) and contested ones (most recently reported first), and how many there are of each.
 */
export async function commitmentsNeedingAttention(
  db: Queryable,
  today: string,
  limit: number,
): Promise<{ overdue: CommitmentBrief[]; contested: CommitmentBrief[]; overdueCount: number; contestedCount: number }> {
  const [overdue, contested, [counts]] = await Promise.all([
    db.query(
      `SELECT ${summaryColumns(today)} FROM commitments c JOIN organizations o ON o.id = c.owner_id
        WHERE ${overdueSql(today)} ORDER BY c.due_date, c.id LIMIT ${limit}`,
    ) as Promise<SummaryRow[]>,
    db.query(
      `SELECT ${summaryColumns(today)} FROM commitments c JOIN organizations o ON o.id = c.owner_id
        WHERE c.contested ORDER BY c.last_report_at DESC NULLS LAST, c.id LIMIT ${limit}`,
    ) as Promise<SummaryRow[]>,
    db.query(
      `SELECT count(*) FILTER (WHERE ${overdueSql(today)})::int AS overdue, count(*) FILTER (WHERE c.contested)::int AS contested
         FROM commitments c`,
    ) as Promise<Array<{ overdue: number; contested: number }>>,
  ]);
  return {
    overdue: overdue.map(toBrief),
    contested: contested.map(toBrief),
    overdueCount: counts?.overdue ?? 0,
    contestedCount: counts?.contested ?? 0,
  };
}

@Injectable()
export class CommitmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
  ) {}

  async list(query: CommitmentListQuery): Promise<Page<CommitmentSummary>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const where: string[] = [];
    const sql = new SqlParams();
    const today = await this.clock.today();
    if (query.status) {
      where.push(`c.current_status = ${sql.add(query.status)}`);
    }
    if (query.owner) {
      where.push(`c.owner_id = ${sql.add(query.owner)}`);
    }
    if (query.group) {
      where.push(`o.stakeholder_group = ${sql.add(query.group)}`);
    }
    if (query.theme) {
      where.push(`c.themes @> ARRAY[${sql.add(query.theme)}]::text[]`);
    }
    if (query.region) {
      where.push(`c.regions @> ARRAY[${sql.add(query.region)}]::text[]`);
    }
    if (query.overdue !== undefined) {
      where.push(query.overdue ? overdueSql(today) : `NOT coalesce(${overdueSql(today)}, false)`);
    }
    if (query.contested !== undefined) {
      where.push(query.contested ? 'c.contested' : 'NOT c.contested');
    }
    const q = query.q?.trim();
    let from = 'commitments c JOIN organizations o ON o.id = c.owner_id';
    if (q) {
      // Both stemmers on the query, both languages in the index: "judiciaire" and "judicial"
      // find the same commitment.
      const p = sql.add(q);
      from += ` CROSS JOIN (SELECT websearch_to_tsquery('english', ${p}) || websearch_to_tsquery('french', ${p}) AS query) tsq`;
      where.push('c.search @@ tsq.query');
    }
    const sort = query.sort ?? (q ? 'relevance' : 'due');
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // Filter and sort on narrow rows first, then read the page's 50 full rows: the list's columns
    // (and, when searching, the rank over every match's tsvector) were computed for every match
    // under a window count, which made a search matching 1,800 commitments 3× slower.
    const keys = sortKeys(sort, query.lang ?? 'en', Boolean(q));
    const keyColumns = keys.map(([expr], i) => `${expr} AS k${i}`).join(', ');
    const order = (alias: string) => [...keys.map(([, dir], i) => `${alias}.k${i} ${dir}`), `${alias}.id`].join(', ');
    const rows = (await this.db.query(
      `WITH matches AS (SELECT c.id, ${keyColumns} FROM ${from} ${whereSql}),
            page AS (SELECT * FROM matches m ORDER BY ${order('m')}
                      LIMIT ${sql.add(pageSize)} OFFSET ${sql.add((page - 1) * pageSize)})
       SELECT ${summaryColumns(today)}, (SELECT count(*) FROM matches) AS total_count
         FROM page p JOIN commitments c ON c.id = p.id JOIN organizations o ON o.id = c.owner_id
        ORDER BY ${order('p')}`,
      sql.values,
    )) as Array<SummaryRow & { total_count: string }>;
    let totalCount = rows.length ? Number(rows[0].total_count) : 0;
    if (!rows.length && page > 1) {
      // Past the last page there is no row to carry the count.
      const [{ n }] = (await this.db.query(
        `SELECT count(*)::int AS n FROM ${from} ${whereSql}`,
        sql.values.slice(0, sql.values.length - 2),
      )) as Array<{ n: number }>;
      totalCount = n;
    }
    return { items: rows.map(toSummary), total: totalCount, page, pageSize };
  }

  /** `tx` reads inside a transaction (never the pool from inside one: the embedded database would wait on itself). */
  async get(id: string, tx?: Pick<EntityManager, 'query'>): Promise<CommitmentView> {
    // Outside a transaction, callers asking at the same moment share one read (after a report:
    // the answer and the room's push), never one begun before a commit they come after.
    return tx ? this.read(id, tx) : this.reads.run(`${id}@${this.events.generation}`, () => this.read(id, this.db.manager));
  }

  private readonly reads = new SingleFlight<CommitmentView>();

  private async read(id: string, tx: Pick<EntityManager, 'query'>): Promise<CommitmentView> {
    const today = await this.clock.today(tx);
    const [row] = (await tx.query(
      `SELECT ${summaryColumns(today)}, c.dialogue_id, c.description_en, c.description_fr, c.start_date, c.indicators,
              c.version, c.created_at
         FROM commitments c JOIN organizations o ON o.id = c.owner_id WHERE c.id = $1`,
      [id],
    )) as Array<
      SummaryRow & {
        dialogue_id: string;
        description_en: string | null;
        description_fr: string | null;
        start_date: string | null;
        indicators: Indicator[];
        version: number;
        created_at: Date;
      }
    >;
    if (!row) {
      throw notFound('commitment', id);
    }
    const [supporters, recommendations] = await Promise.all([
      tx.query(
        `SELECT o.id, o.name_en, o.name_fr, o.acronym, o.stakeholder_group FROM commitment_supporters s
           JOIN organizations o ON o.id = s.organization_id WHERE s.commitment_id = $1 ORDER BY o.acronym, o.name_en`,
        [id],
      ) as Promise<
        Array<{
          id: string;
          name_en: string | null;
          name_fr: string | null;
          acronym: string | null;
          stakeholder_group: OrganizationRef['group'];
        }>
      >,
      tx.query(
        `SELECT r.id, r.code, r.text_en, r.text_fr FROM commitment_recommendations cr
           JOIN recommendations r ON r.id = cr.recommendation_id WHERE cr.commitment_id = $1 ORDER BY r.code`,
        [id],
      ) as Promise<Array<{ id: string; code: string; text_en: string | null; text_fr: string | null }>>,
    ]);
    return {
      ...toSummary(row),
      dialogueId: row.dialogue_id,
      description: bilingual(row.description_en, row.description_fr),
      supporting: supporters.map((o) => ({
        id: o.id,
        name: bilingual(o.name_en, o.name_fr),
        acronym: o.acronym,
        group: o.stakeholder_group,
      })),
      recommendations: recommendations.map((r) => ({ id: r.id, code: r.code, text: bilingual(r.text_en, r.text_fr) })),
      startDate: isoDate(row.start_date),
      indicators: row.indicators ?? [],
      version: row.version,
      createdAt: row.created_at.toISOString(),
      rounds: await commitmentRounds(tx, id, today),
    };
  }

  async assertExists(id: string): Promise<void> {
    const [exists] = (await this.db.query('SELECT 1 FROM commitments WHERE id = $1', [id])) as unknown[];
    if (!exists) {
      throw notFound('commitment', id);
    }
  }
}
