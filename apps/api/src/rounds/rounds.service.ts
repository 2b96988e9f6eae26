import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CLOSED_STATUSES,
  addDays,
  ROUND_CLOSES_AFTER_DAYS,
  STAKEHOLDER_GROUPS,
  type CommitmentRoundState,
  type Problem,
  type RequestState,
  type RequestTrack,
  type RoundCompletion,
  type RoundRequestView,
  type RoundScope,
  type RoundState,
  type RoundSummary,
  type RoundView,
  type StakeholderGroup,
  type StateCounts,
  type Viewer,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { AuditService, systemActor, userActor, type AuditActor } from '../audit/audit.service';
import type { RecordRef } from '../audit/records';
import { requestRows } from '../audit/round-states';
import { Clock } from '../clock/clock';
import { bilingual, isoDate } from '../common/bilingual';
import { DomainError, invalidFields, notFound, staleEdit } from '../common/domain-error';
import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';
import type { CreateRoundDto, UpdateRoundDto } from './rounds.dto';

type Queryable = Pick<EntityManager, 'query'>;

interface RoundRow {
  id: string;
  dialogue_id: string;
  title_en: string | null;
  title_fr: string | null;
  opens_on: string | Date;
  due_on: string | Date;
  closes_on: string | Date;
  invite_assessments: boolean;
  scope: RoundScope | null;
  state: RoundState;
  opened_at: Date | null;
  closed_at: Date | null;
  closed_by: 'system' | 'secretariat' | null;
  version: number;
}

interface RequestRow {
  request_id: string;
  round_id: string;
  commitment_id: string;
  track: RequestTrack;
  organization_id: string | null;
  state: RequestState;
  report_id: string | null;
  reported_at: Date | null;
  due_on: string | Date;
  closes_on: string | Date;
  title_en: string | null;
  title_fr: string | null;
  round_state: RoundState;
}

const day = (value: string | Date) => isoDate(value) as string;

function emptyCounts(): StateCounts {
  return { requested: 0, submitted: 0, late: 0, missing: 0, total: 0, rate: 0 };
}

function count(counts: StateCounts, state: RequestState): void {
  counts[state]++;
  counts.total++;
  counts.rate = (counts.submitted + counts.late) / counts.total;
}

/** These commitments' states in each round that asked about them, newest round first: their pages, the CSV export, the accountability report. */
export async function roundStatesOf(db: Queryable, commitmentIds: string[], today: string): Promise<Map<string, CommitmentRoundState[]>> {
  const rows = (await db.query(
    `${requestRows(today, 'q.commitment_id = ANY($1::uuid[])')} ORDER BY q.commitment_id, rr.opens_on DESC, rr.id, q.track DESC`,
    [commitmentIds],
  )) as RequestRow[];
  const out = new Map<string, CommitmentRoundState[]>();
  for (const row of rows) {
    const list = out.get(row.commitment_id) ?? [];
    let round = list.find((r) => r.roundId === row.round_id);
    if (!round) {
      round = {
        roundId: row.round_id,
        title: bilingual(row.title_en, row.title_fr),
        dueOn: day(row.due_on),
        closesOn: day(row.closes_on),
        roundState: row.round_state,
        // Every request of a round has its self-report track; the assessment's is there when invited.
        states: { self_report: 'requested' },
      };
      list.push(round);
    }
    round.states[row.track] = row.state;
    out.set(row.commitment_id, list);
  }
  return out;
}

/** A commitment's state in each round that asked about it, newest first: its public page. */
export async function commitmentRounds(db: Queryable, commitmentId: string, today: string): Promise<CommitmentRoundState[]> {
  return (await roundStatesOf(db, [commitmentId], today)).get(commitmentId) ?? [];
}

/**
 * Reporting rounds (DESIGN.md, "The follow-up routine"): the secretariat asks every owner
 * organisation for a report on its open commitments by a date, and civil society for an
 * independent assessment when invited. The scope is frozen when the round opens; a dialogue's
 * rounds never overlap; after opening only the title and the two later dates change; the round
 * closes itself at `closesOn` (RoundTick, as `system`). Every write is audited and binds the
 * round (and, at opening, its requests) in the record.
 */
@Injectable()
export class RoundsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly clock: Clock,
    private readonly live: LiveChannel,
  ) {}

  onModuleInit(): void {
    this.events.after('round.updated', async (e) => {
      this.live.publish(`dialogue:${e.dialogueId}`, 'round.updated', await this.summary(e.roundId));
    });
    // A report may meet a request of an open round: that round's completion moved.
    this.events.within('report.created', async (tx, e) => {
      const rounds = (await tx.query(
        `SELECT DISTINCT rr.id, rr.dialogue_id FROM report_requests q JOIN reporting_rounds rr ON rr.id = q.round_id
          WHERE q.commitment_id = $1 AND rr.state = 'open'`,
        [e.commitmentId],
      )) as Array<{ id: string; dialogue_id: string }>;
      for (const round of rounds) {
        await this.events.record(tx, { type: 'round.updated', roundId: round.id, dialogueId: round.dialogue_id });
      }
    });
  }

  async list(dialogueId: string): Promise<RoundSummary[]> {
    const [dialogue] = (await this.db.query('SELECT 1 FROM dialogues WHERE id = $1', [dialogueId])) as unknown[];
    if (!dialogue) {
      throw notFound('dialogue', dialogueId);
    }
    const rows = (await this.db.query('SELECT * FROM reporting_rounds WHERE dialogue_id = $1 ORDER BY opens_on DESC, id', [
      dialogueId,
    ])) as RoundRow[];
    return this.summaries(rows);
  }

  async get(id: string, db: Queryable = this.db.manager): Promise<RoundView> {
    const row = await this.find(db, id);
    const today = await this.clock.today(db);
    const requests = await this.requests(db, id, today);
    const titles = (await db.query(
      `SELECT c.id, c.title_en, c.title_fr FROM commitments c WHERE c.id IN (SELECT commitment_id FROM report_requests WHERE round_id = $1)`,
      [id],
    )) as Array<{ id: string; title_en: string | null; title_fr: string | null }>;
    const titleOf = new Map(titles.map((t) => [t.id, bilingual(t.title_en, t.title_fr)]));
    return {
      ...this.toSummary(row, requests),
      requests: requests.map((r): RoundRequestView => ({
        id: r.request_id,
        commitmentId: r.commitment_id,
        commitmentTitle: titleOf.get(r.commitment_id) ?? {},
        track: r.track,
        organizationId: r.organization_id,
        state: r.state,
        reportId: r.report_id,
        reportedAt: r.reported_at?.toISOString() ?? null,
      })),
    };
  }

  async summary(id: string, db: Queryable = this.db.manager): Promise<RoundSummary> {
    const row = await this.find(db, id);
    return this.toSummary(row, await this.requests(db, id, await this.clock.today(db)));
  }

  /** The current round of each dialogue that has one: the open one, else the latest closed or the next planned. */
  async current(dialogueIds?: string[]): Promise<RoundSummary[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT ON (dialogue_id) * FROM reporting_rounds
        WHERE ($1::uuid[] IS NULL OR dialogue_id = ANY($1::uuid[]))
        ORDER BY dialogue_id, (state = 'open') DESC, (state = 'closed') DESC, opens_on DESC, id`,
      [dialogueIds ?? null],
    )) as RoundRow[];
    return this.summaries(rows);
  }

  async create(dialogueId: string, dto: CreateRoundDto, viewer: Viewer): Promise<RoundView> {
    const id = await this.db.transaction(async (tx) => {
      const [dialogue] = (await tx.query('SELECT id FROM dialogues WHERE id = $1 FOR UPDATE', [dialogueId])) as unknown[];
      if (!dialogue) {
        throw notFound('dialogue', dialogueId);
      }
      const today = await this.clock.today(tx);
      const closesOn = dto.closesOn ?? addDays(dto.dueOn, ROUND_CLOSES_AFTER_DAYS);
      this.checkDates({ opensOn: dto.opensOn, dueOn: dto.dueOn, closesOn }, today, { closesOnGiven: dto.closesOn !== undefined });
      await this.checkScope(tx, dialogueId, dto.scope ?? null);
      await this.checkOverlap(tx, dialogueId, dto.opensOn, closesOn, null);
      const [row] = (await tx.query(
        `INSERT INTO reporting_rounds (dialogue_id, title_en, title_fr, opens_on, due_on, closes_on, invite_assessments, scope)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [
          dialogueId,
          dto.title.en ?? null,
          dto.title.fr ?? null,
          dto.opensOn,
          dto.dueOn,
          closesOn,
          dto.inviteAssessments,
          dto.scope ? JSON.stringify(normalisedScope(dto.scope)) : null,
        ],
      )) as RoundRow[];
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'round.created',
        entityType: 'round',
        entityId: row.id,
        subject: `dialogue:${dialogueId}`,
        data: { ...dto, closesOn },
      });
      if (dto.opensOn <= today) {
        await this.openWithin(tx, row, userActor(viewer.id));
      }
      await this.events.record(tx, { type: 'round.updated', roundId: row.id, dialogueId });
      await this.events.record(tx, { type: 'queues.changed' });
      return row.id;
    });
    return this.get(id);
  }

  async update(id: string, dto: UpdateRoundDto, viewer: Viewer): Promise<RoundView> {
    await this.db.transaction(async (tx) => {
      const before = await this.find(tx, id, true);
      if (before.version !== dto.version) {
        throw staleEdit('This round was changed by someone else; here is the current round', await this.get(id, tx));
      }
      if (before.state === 'closed') {
        throw new DomainError('round_state', 'A closed round no longer changes', { state: before.state });
      }
      const today = await this.clock.today(tx);
      const was = { opensOn: day(before.opens_on), dueOn: day(before.due_on), closesOn: day(before.closes_on) };
      if (before.state === 'open') {
        const frozen: Problem[] = [];
        if (dto.opensOn !== undefined && dto.opensOn !== was.opensOn) {
          frozen.push({ field: 'opensOn', code: 'fixed_after_opening', params: {} });
        }
        if (dto.inviteAssessments !== undefined && dto.inviteAssessments !== before.invite_assessments) {
          frozen.push({ field: 'inviteAssessments', code: 'fixed_after_opening', params: {} });
        }
        if (dto.scope !== undefined && JSON.stringify(normalisedScope(dto.scope)) !== JSON.stringify(normalisedScope(before.scope))) {
          frozen.push({ field: 'scope', code: 'fixed_after_opening', params: {} });
        }
        if (frozen.length) {
          throw new DomainError(
            'round_state',
            frozen.map((p) => `${p.field} cannot change once the round has opened`),
            { state: before.state },
            frozen,
          );
        }
      }
      const next = {
        opensOn: dto.opensOn ?? was.opensOn,
        dueOn: dto.dueOn ?? was.dueOn,
        closesOn: dto.closesOn ?? was.closesOn,
      };
      this.checkDates(next, today, { closesOnGiven: dto.closesOn !== undefined && dto.closesOn !== was.closesOn });
      const scope = dto.scope === undefined ? before.scope : dto.scope;
      if (dto.scope !== undefined) {
        await this.checkScope(tx, before.dialogue_id, dto.scope);
      }
      await this.checkOverlap(tx, before.dialogue_id, next.opensOn, next.closesOn, id);
      const title = dto.title ?? { en: before.title_en ?? undefined, fr: before.title_fr ?? undefined };
      const [rows] = (await tx.query(
        `UPDATE reporting_rounds SET title_en = $2, title_fr = $3, opens_on = $4, due_on = $5, closes_on = $6, invite_assessments = $7,
                scope = $8, version = version + 1, updated_at = now()
          WHERE id = $1 RETURNING *`,
        [
          id,
          title.en ?? null,
          title.fr ?? null,
          next.opensOn,
          next.dueOn,
          next.closesOn,
          dto.inviteAssessments ?? before.invite_assessments,
          scope ? JSON.stringify(normalisedScope(scope)) : null,
        ],
      )) as [RoundRow[], number];
      const after = rows[0];
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'round.updated',
        entityType: 'round',
        entityId: id,
        subject: `dialogue:${before.dialogue_id}`,
        data: { before: roundFields(before), after: roundFields(after) },
      });
      if (after.state === 'planned' && next.opensOn <= today) {
        await this.openWithin(tx, after, userActor(viewer.id));
      }
      await this.events.record(tx, { type: 'round.updated', roundId: id, dialogueId: before.dialogue_id });
    });
    return this.get(id);
  }

  async close(id: string, viewer: Viewer): Promise<RoundView> {
    await this.db.transaction(async (tx) => {
      const round = await this.find(tx, id, true);
      if (round.state === 'closed') {
        throw new DomainError('already_done', 'This round is already closed', { state: round.state });
      }
      if (round.state === 'planned') {
        throw new DomainError('round_state', 'A round that has not opened cannot close', { state: round.state });
      }
      await this.closeWithin(tx, round, userActor(viewer.id), 'secretariat');
    });
    return this.get(id);
  }

  /**
   * The tick's work for one round, under the caller's lock: opens a planned round whose day has
   * come, closes an open round whose `closesOn` is past. Answers what it did.
   */
  async advance(tx: EntityManager, id: string): Promise<'opened' | 'closed' | null> {
    {
      const round = await this.find(tx, id, true);
      const today = await this.clock.today(tx);
      if (round.state === 'planned' && day(round.opens_on) <= today) {
        await this.openWithin(tx, round, systemActor);
        await this.events.record(tx, { type: 'round.updated', roundId: id, dialogueId: round.dialogue_id });
        return 'opened';
      }
      if (round.state === 'open' && day(round.closes_on) < today) {
        await this.closeWithin(tx, round, systemActor, 'system');
        return 'closed';
      }
      return null;
    }
  }

  /** Rounds the tick has to look at on the clock's day. */
  async due(): Promise<string[]> {
    const today = await this.clock.today();
    const rows = (await this.db.query(
      `SELECT id FROM reporting_rounds
        WHERE (state = 'planned' AND opens_on <= $1::date) OR (state = 'open' AND closes_on < $1::date)
        ORDER BY opens_on, id`,
      [today],
    )) as Array<{ id: string }>;
    return rows.map((r) => r.id);
  }

  /** Freezes the scope: one request per commitment and track, bound in the record with the round's new state. */
  private async openWithin(tx: EntityManager, round: RoundRow, actor: AuditActor): Promise<void> {
    const scope = round.scope;
    const commitments = (await tx.query(
      `SELECT c.id, c.owner_id FROM commitments c
        WHERE c.dialogue_id = $1 AND NOT (c.current_status = ANY($2::text[]))
          AND ($3::text[] IS NULL OR c.themes && $3::text[])
          AND ($4::uuid[] IS NULL OR c.owner_id = ANY($4::uuid[]))
          AND ($5::uuid[] IS NULL OR EXISTS (SELECT 1 FROM commitment_recommendations cr
                                              WHERE cr.commitment_id = c.id AND cr.recommendation_id = ANY($5::uuid[])))
        ORDER BY c.id`,
      [
        round.dialogue_id,
        [...CLOSED_STATUSES],
        scope?.themes?.length ? scope.themes : null,
        scope?.ownerIds?.length ? scope.ownerIds : null,
        scope?.recommendationIds?.length ? scope.recommendationIds : null,
      ],
    )) as Array<{ id: string; owner_id: string }>;
    const requests = (await tx.query(
      `INSERT INTO report_requests (round_id, commitment_id, track, organization_id)
       SELECT $1, c.id, t.track, CASE WHEN t.track = 'self_report' THEN c.owner_id END
         FROM jsonb_to_recordset($2::jsonb) AS c(id uuid, owner_id uuid)
         CROSS JOIN unnest($3::text[]) AS t(track)
       RETURNING id`,
      [round.id, JSON.stringify(commitments), round.invite_assessments ? ['self_report', 'independent_assessment'] : ['self_report']],
    )) as Array<{ id: string }>;
    const now = await this.clock.now(tx);
    await tx.query(`UPDATE reporting_rounds SET state = 'open', opened_at = $2, version = version + 1, updated_at = now() WHERE id = $1`, [
      round.id,
      now,
    ]);
    await this.audit.append(tx, {
      actor,
      action: 'round.opened',
      entityType: 'round',
      entityId: round.id,
      subject: `dialogue:${round.dialogue_id}`,
      records: requests.map((r): RecordRef => ({ type: 'request', id: r.id })),
      data: { roundId: round.id, commitments: commitments.length, requests: requests.length },
    });
    await this.events.record(tx, { type: 'round.opened', roundId: round.id, dialogueId: round.dialogue_id });
  }

  private async closeWithin(tx: EntityManager, round: RoundRow, actor: AuditActor, by: 'system' | 'secretariat'): Promise<void> {
    const now = await this.clock.now(tx);
    await tx.query(
      `UPDATE reporting_rounds SET state = 'closed', closed_at = $2, closed_by = $3, version = version + 1, updated_at = now() WHERE id = $1`,
      [round.id, now, by],
    );
    const figures = completionOf(await this.requests(tx, round.id, await this.clock.today(tx)));
    await this.audit.append(tx, {
      actor,
      action: 'round.closed',
      entityType: 'round',
      entityId: round.id,
      subject: `dialogue:${round.dialogue_id}`,
      data: { roundId: round.id, by, overall: figures.overall, byGroup: figures.byGroup },
    });
    await this.events.record(tx, { type: 'round.updated', roundId: round.id, dialogueId: round.dialogue_id });
  }

  private async find(db: Queryable, id: string, lock = false): Promise<RoundRow> {
    const [row] = (await db.query(`SELECT * FROM reporting_rounds WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id])) as RoundRow[];
    if (!row) {
      throw notFound('round', id);
    }
    return row;
  }

  private async requests(db: Queryable, roundId: string, today: string): Promise<CountedRow[]> {
    return (await this.requestsOf(db, [roundId], today)).get(roundId) ?? [];
  }

  /** The requests of these rounds in one query (a dialogue's list, every dialogue's current round), by round. */
  private async requestsOf(db: Queryable, roundIds: string[], today: string): Promise<Map<string, CountedRow[]>> {
    const rows = (await db.query(
      `SELECT s.*, o.stakeholder_group AS "group", o.name_en, o.name_fr, o.acronym
         FROM (${requestRows(today, 'q.round_id = ANY($1::uuid[])')}) s LEFT JOIN organizations o ON o.id = s.organization_id
        ORDER BY s.commitment_id, s.track DESC`,
      [roundIds],
    )) as CountedRow[];
    const byRound = new Map<string, CountedRow[]>();
    for (const row of rows) {
      byRound.set(row.round_id, [...(byRound.get(row.round_id) ?? []), row]);
    }
    return byRound;
  }

  /** Summaries of these rounds, their requests read once for all. */
  private async summaries(rows: RoundRow[]): Promise<RoundSummary[]> {
    const today = await this.clock.today();
    const requests = await this.requestsOf(
      this.db.manager,
      rows.map((r) => r.id),
      today,
    );
    return rows.map((row) => this.toSummary(row, requests.get(row.id) ?? []));
  }

  private toSummary(row: RoundRow, requests: CountedRow[]): RoundSummary {
    return {
      id: row.id,
      dialogueId: row.dialogue_id,
      title: bilingual(row.title_en, row.title_fr),
      opensOn: day(row.opens_on),
      dueOn: day(row.due_on),
      closesOn: day(row.closes_on),
      inviteAssessments: row.invite_assessments,
      scope: row.scope,
      state: row.state,
      openedAt: row.opened_at?.toISOString() ?? null,
      closedAt: row.closed_at?.toISOString() ?? null,
      closedBy: row.closed_by,
      version: row.version,
      completion: completionOf(requests),
    };
  }

  private checkDates(
    dates: { opensOn: string; dueOn: string; closesOn: string },
    today: string,
    options: { closesOnGiven: boolean },
  ): void {
    const problems: Array<Problem & { message: string }> = [];
    if (dates.dueOn < dates.opensOn) {
      problems.push({ field: 'dueOn', code: 'date_order', params: { after: 'opensOn' }, message: 'dueOn cannot be before opensOn' });
    }
    if (dates.closesOn < dates.dueOn) {
      problems.push({ field: 'closesOn', code: 'date_order', params: { after: 'dueOn' }, message: 'closesOn cannot be before dueOn' });
    } else if (dates.closesOn < today) {
      // A round that would close before it could take a report asks nobody anything.
      problems.push({
        field: options.closesOnGiven ? 'closesOn' : 'dueOn',
        code: 'not_in_past',
        params: {},
        message: `${options.closesOnGiven ? 'closesOn' : 'dueOn'} puts the round's end in the past`,
      });
    }
    if (problems.length) {
      throw invalidFields(problems);
    }
  }

  private async checkScope(tx: Queryable, dialogueId: string, scope: RoundScope | null): Promise<void> {
    if (!scope) {
      return;
    }
    const problems: Array<Problem & { message: string }> = [];
    if (scope.ownerIds?.length) {
      const [{ n }] = (await tx.query('SELECT count(*)::int AS n FROM organizations WHERE id = ANY($1::uuid[])', [
        [...new Set(scope.ownerIds)],
      ])) as Array<{ n: number }>;
      if (n !== new Set(scope.ownerIds).size) {
        problems.push({
          field: 'scope.ownerIds',
          code: 'unknown_organisation',
          params: {},
          message: 'scope.ownerIds names an unknown organisation',
        });
      }
    }
    if (scope.recommendationIds?.length) {
      const [{ n }] = (await tx.query('SELECT count(*)::int AS n FROM recommendations WHERE id = ANY($1::uuid[]) AND dialogue_id = $2', [
        [...new Set(scope.recommendationIds)],
        dialogueId,
      ])) as Array<{ n: number }>;
      if (n !== new Set(scope.recommendationIds).size) {
        problems.push({
          field: 'scope.recommendationIds',
          code: 'recommendation_dialogue',
          params: {},
          message: 'scope.recommendationIds names a recommendation of another dialogue, or none',
        });
      }
    }
    if (problems.length) {
      throw invalidFields(problems);
    }
  }

  /** Under the dialogue's row lock, so two rounds created at once cannot both pass. */
  private async checkOverlap(tx: Queryable, dialogueId: string, opensOn: string, closesOn: string, exceptId: string | null): Promise<void> {
    const [other] = (await tx.query(
      `SELECT opens_on, closes_on, closed_at FROM reporting_rounds
        WHERE dialogue_id = $1 AND ($4::uuid IS NULL OR id <> $4::uuid)
          AND opens_on <= $3::date
          AND (CASE WHEN closed_at IS NOT NULL THEN least(closes_on, (closed_at AT TIME ZONE 'UTC')::date) ELSE closes_on END) >= $2::date
        ORDER BY opens_on LIMIT 1`,
      [dialogueId, opensOn, closesOn, exceptId],
    )) as Array<{ opens_on: string | Date; closes_on: string | Date }>;
    if (other) {
      const range = { opensOn: day(other.opens_on), closesOn: day(other.closes_on) };
      throw new DomainError(
        'round_overlap',
        `Another round of this dialogue runs from ${range.opensOn} to ${range.closesOn}; rounds of one dialogue do not overlap`,
        range,
      );
    }
  }
}

function normalisedScope(scope: RoundScope | null | undefined): RoundScope | null {
  if (!scope) {
    return null;
  }
  const sorted = (values?: string[]) => (values?.length ? [...new Set(values)].sort() : undefined);
  const result: RoundScope = {};
  const themes = sorted(scope.themes);
  const ownerIds = sorted(scope.ownerIds);
  const recommendationIds = sorted(scope.recommendationIds);
  if (themes) {
    result.themes = themes as RoundScope['themes'];
  }
  if (ownerIds) {
    result.ownerIds = ownerIds;
  }
  if (recommendationIds) {
    result.recommendationIds = recommendationIds;
  }
  return Object.keys(result).length ? result : null;
}

function roundFields(row: RoundRow) {
  return {
    title: bilingual(row.title_en, row.title_fr),
    opensOn: day(row.opens_on),
    dueOn: day(row.due_on),
    closesOn: day(row.closes_on),
    inviteAssessments: row.invite_assessments,
    scope: row.scope,
  };
}

type CountedRow = RequestRow & {
  group: StakeholderGroup | null;
  name_en?: string | null;
  name_fr?: string | null;
  acronym?: string | null;
};

/** Overall, per owner organisation (the self-report track) and per group (the assessment track under civil society). */
export function completionOf(requests: CountedRow[]): RoundCompletion {
  const overall = emptyCounts();
  const byOrganization = new Map<string, RoundCompletion['byOrganization'][number]>();
  const byGroup = new Map<string, RoundCompletion['byGroup'][number]>();
  for (const r of requests) {
    count(overall, r.state);
    const group: StakeholderGroup = r.track === 'independent_assessment' ? 'civil_society' : (r.group ?? 'government');
    const groupKey = `${group}:${r.track}`;
    const g = byGroup.get(groupKey) ?? { group, track: r.track, counts: emptyCounts() };
    count(g.counts, r.state);
    byGroup.set(groupKey, g);
    if (r.track === 'self_report' && r.organization_id) {
      const o = byOrganization.get(r.organization_id) ?? {
        organization: { id: r.organization_id, name: bilingual(r.name_en ?? null, r.name_fr ?? null), acronym: r.acronym ?? null, group },
        counts: emptyCounts(),
      };
      count(o.counts, r.state);
      byOrganization.set(r.organization_id, o);
    }
  }
  const groupOrder = (g: StakeholderGroup) => STAKEHOLDER_GROUPS.indexOf(g);
  return {
    overall,
    byOrganization: [...byOrganization.values()].sort((a, b) => (a.organization.acronym ?? '').localeCompare(b.organization.acronym ?? '')),
    byGroup: [...byGroup.values()].sort((a, b) => groupOrder(a.group) - groupOrder(b.group) || a.track.localeCompare(b.track)),
  };
}
