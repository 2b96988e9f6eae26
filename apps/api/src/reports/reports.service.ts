import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { can, type Indicator, type ProgressStatus, type ReportView, type Viewer } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, invalidField, notFound } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { COMMITMENT_DERIVED } from '../audit/records';
import { SingleFlight } from '../common/single-flight';
import { CommitmentsService } from '../commitments/commitments.service';
import { EVIDENCE_STORAGE, type EvidenceStorage, type PreparedEvidence } from '../evidence/evidence.service';
import { DomainEvents } from '../events/domain-events';
import { NotificationsService } from '../notifications/notifications.service';
import { REPORT_COLUMNS, REPORT_FROM, toReportView, type ReportRow } from './report-rows';
import type { CreateReportDto, TranslationDto, VerificationDto } from './reports.dto';

type Queryable = Pick<EntityManager, 'query'>;

/**
 * Recomputes a commitment's derived state from its reports (DESIGN.md); `contested` follows in
 * the database as a generated column. Only this feature calls this (and the demo seeder, which
 * writes reports as this feature would), inside the transaction that added the report or
 * verification. A full verification of the record re-derives the same columns with the same
 * expressions.
 */
export async function refreshCommitmentState(tx: Queryable, commitmentId: string): Promise<void> {
  await tx.query(
    `UPDATE commitments c SET
       ${Object.entries(COMMITMENT_DERIVED)
         .map(([column, expression]) => `${column} = ${expression}`)
         .join(',\n       ')},
       updated_at = now()
     WHERE c.id = $1`,
    [commitmentId],
  );
}

/** The reports of these commitments as `viewer` reads them, by commitment then oldest first: a report list, a timeline, the CSV export. */
export async function reportsOf(db: Queryable, commitmentIds: string[], viewer: Viewer | null): Promise<ReportView[]> {
  const rows = (await db.query(
    `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE p.commitment_id = ANY($1::uuid[]) ORDER BY p.commitment_id, p.created_at, p.id`,
    [commitmentIds],
  )) as ReportRow[];
  return rows.map((r) => toReportView(r, viewer));
}

/** Each commitment of a dialogue's latest self-report and latest assessment, as `viewer` reads them (the accountability report). */
export async function latestReportsOfDialogue(
  db: Queryable,
  dialogueId: string,
  viewer: Viewer | null,
): Promise<Map<string, { latestSelfReport: ReportView | null; latestAssessment: ReportView | null }>> {
  const rows = (await db.query(
    `SELECT DISTINCT ON (p.commitment_id, p.kind) ${REPORT_COLUMNS} FROM ${REPORT_FROM}
      WHERE p.commitment_id IN (SELECT id FROM commitments WHERE dialogue_id = $1)
      ORDER BY p.commitment_id, p.kind, p.created_at DESC, p.id DESC`,
    [dialogueId],
  )) as ReportRow[];
  const out = new Map<string, { latestSelfReport: ReportView | null; latestAssessment: ReportView | null }>();
  for (const row of rows) {
    const latest = out.get(row.commitment_id) ?? { latestSelfReport: null, latestAssessment: null };
    latest[row.kind === 'self_report' ? 'latestSelfReport' : 'latestAssessment'] = toReportView(row, viewer);
    out.set(row.commitment_id, latest);
  }
  return out;
}

interface CommitmentForReport {
  id: string;
  owner_id: string;
  current_status: ProgressStatus;
  indicators: Indicator[];
}

/**
 * Progress reports are immutable: what comes later (a verification, the missing language, a
 * correction) is appended beside them. Each write updates the commitment's derived state in the
 * same transaction, records itself in the audit chain, notifies followers, and records the
 * events its room and the dashboard hear once it has committed (reports.live.ts).
 */
@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly notifications: NotificationsService,
    private readonly commitments: CommitmentsService,
    private readonly events: DomainEvents,
    @Inject(EVIDENCE_STORAGE) private readonly storage: EvidenceStorage,
  ) {}

  async list(commitmentId: string, viewer: Viewer | null): Promise<ReportView[]> {
    await this.commitments.assertExists(commitmentId);
    return reportsOf(this.db, [commitmentId], viewer);
  }

  /** `files` were checked, cleaned and hashed before this call: nothing slow happens inside the transaction. */
  async create(commitmentId: string, dto: CreateReportDto, viewer: Viewer, files: PreparedEvidence[] = []): Promise<ReportView> {
    const reportId = await this.db.transaction((tx) => this.write(tx, commitmentId, dto, viewer, files));
    return this.withCommitment(await this.get(reportId, viewer));
  }

  /**
   * What refuses a report (unknown commitment, the writer's rights, the correction, indicator
   * values), read without writing: an import's dry run checks every row with it, and `write` runs
   * it again inside its transaction with the commitment's row locked (`lock`).
   */
  async check(
    db: Pick<EntityManager, 'query'>,
    commitmentId: string,
    dto: CreateReportDto,
    viewer: Viewer,
    lock = false,
  ): Promise<{ commitment: CommitmentForReport; indicatorValues: Record<string, number> | null; organizationId: string }> {
    const commitment = await this.readCommitment(db, commitmentId, lock);
    const owner = { ownerId: commitment.owner_id };
    if (dto.kind === 'self_report' ? !can.selfReport(viewer, owner) : !can.assess(viewer, owner)) {
      throw new DomainError(
        dto.kind === 'self_report' ? 'owner_organization_only' : 'civil_society_only',
        dto.kind === 'self_report'
          ? 'Only members of the owner organisation (or the secretariat) report on this commitment'
          : 'Independent assessments come from civil-society organisations that do not own the commitment',
      );
    }
    if (dto.correctsId) {
      await this.checkCorrection(db, dto.correctsId, commitmentId, dto.kind, viewer);
    }
    const indicatorValues = this.checkIndicatorValues(dto.indicatorValues, commitment.indicators);
    // A self-report speaks for the owner organisation, even when the secretariat enters it.
    const organizationId = dto.kind === 'self_report' ? commitment.owner_id : viewer.organizationId;
    if (!organizationId) {
      throw new DomainError('no_organization', 'Your account belongs to no organisation');
    }
    return { commitment, indicatorValues, organizationId };
  }

  /** One report inside the caller's transaction (an import writes many), with the id given or a new one. */
  async write(
    tx: EntityManager,
    commitmentId: string,
    dto: CreateReportDto,
    viewer: Viewer,
    files: PreparedEvidence[] = [],
    id?: string,
  ): Promise<string> {
    const { commitment, indicatorValues, organizationId } = await this.check(tx, commitmentId, dto, viewer, true);
    const [row] = (await tx.query(
      `INSERT INTO progress_reports (id, commitment_id, kind, status, percent, narrative_en, narrative_fr, evidence_links,
                                     indicator_values, author_id, organization_id, corrects_id)
       VALUES (coalesce($12::uuid, gen_random_uuid()), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id, created_at`,
      [
        commitmentId,
        dto.kind,
        dto.status,
        dto.percent ?? null,
        dto.narrative.en ?? null,
        dto.narrative.fr ?? null,
        dto.evidenceLinks ?? [],
        indicatorValues ? JSON.stringify(indicatorValues) : null,
        viewer.id,
        organizationId,
        dto.correctsId ?? null,
        id ?? null,
      ],
    )) as Array<{ id: string; created_at: Date }>;
    const stored = [];
    for (const file of files) {
      stored.push(await this.storage.save(tx, file, { reportId: row.id }, viewer.id));
    }
    if (dto.kind === 'self_report' && indicatorValues) {
      const indicators = commitment.indicators.map((indicator, index) =>
        indicatorValues[String(index)] === undefined ? indicator : { ...indicator, current: indicatorValues[String(index)] },
      );
      await tx.query('UPDATE commitments SET indicators = $2 WHERE id = $1', [commitmentId, JSON.stringify(indicators)]);
    }
    await this.audit.append(tx, {
      actor: userActor(viewer.id),
      action: dto.correctsId ? 'report.corrected' : 'report.created',
      entityType: 'report',
      entityId: row.id,
      subject: `commitment:${commitmentId}`,
      records: stored.map((file) => ({ type: 'evidence' as const, id: file.id })),
      data: {
        id: row.id,
        commitmentId,
        kind: dto.kind,
        status: dto.status,
        percent: dto.percent ?? null,
        narrative: dto.narrative,
        evidenceLinks: dto.evidenceLinks ?? [],
        files: stored,
        indicatorValues,
        organizationId,
        authorId: viewer.id,
        correctsId: dto.correctsId ?? null,
      },
    });
    const before = commitment.current_status;
    const [was] = (await tx.query('SELECT contested FROM commitments WHERE id = $1', [commitmentId])) as Array<{ contested: boolean }>;
    await refreshCommitmentState(tx, commitmentId);
    const [after] = (await tx.query('SELECT current_status, contested FROM commitments WHERE id = $1', [commitmentId])) as Array<{
      current_status: ProgressStatus;
      contested: boolean;
    }>;
    await this.notifications.notifyFollowersOfCommitment(
      tx,
      commitmentId,
      'report',
      { reportId: row.id, kind: dto.kind, status: dto.status },
      viewer.id,
    );
    if (after.current_status !== before) {
      await this.notifications.notifyFollowersOfCommitment(
        tx,
        commitmentId,
        'status_change',
        { from: before, to: after.current_status },
        viewer.id,
      );
    }
    await this.events.record(tx, { type: 'report.created', commitmentId, reportId: row.id });
    await this.events.record(tx, { type: 'commitment.updated', commitmentId });
    if (after.contested && !was.contested) {
      await this.events.record(tx, { type: 'commitment.contested', commitmentId });
    }
    if (dto.kind === 'self_report') {
      await this.events.record(tx, { type: 'queues.changed' });
    }
    return row.id;
  }

  /** The secretariat vouches for a report; it is appended, never written into the report. */
  async verify(reportId: string, dto: VerificationDto, viewer: Viewer): Promise<ReportView> {
    await this.db.transaction(async (tx) => {
      const [report] = (await tx.query('SELECT id, commitment_id, kind, status, organization_id FROM progress_reports WHERE id = $1', [
        reportId,
      ])) as Array<{
        id: string;
        commitment_id: string;
        kind: string;
        status: ProgressStatus;
        organization_id: string | null;
      }>;
      if (!report) {
        throw notFound('report', reportId);
      }
      await this.readCommitment(tx, report.commitment_id, true);
      const [already] = (await tx.query('SELECT 1 FROM report_verifications WHERE report_id = $1', [reportId])) as unknown[];
      if (already) {
        throw new DomainError('already_done', 'This report is already verified', { state: 'verified' });
      }
      if (!viewer.organizationId) {
        throw new DomainError('no_organization', 'Your account belongs to no organisation');
      }
      const [verification] = (await tx.query(
        'INSERT INTO report_verifications (report_id, verified_by, organization_id, note) VALUES ($1, $2, $3, $4) RETURNING id',
        [reportId, viewer.id, viewer.organizationId, dto.note ?? null],
      )) as Array<{ id: string }>;
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'report.verified',
        entityType: 'report',
        entityId: reportId,
        subject: `commitment:${report.commitment_id}`,
        records: [{ type: 'verification', id: verification.id }],
        data: { reportId, note: dto.note ?? null },
      });
      await refreshCommitmentState(tx, report.commitment_id);
      await this.notifications.notifyFollowersOfCommitment(
        tx,
        report.commitment_id,
        'verification',
        { reportId, status: report.status },
        viewer.id,
      );
      await this.events.record(tx, { type: 'commitment.updated', commitmentId: report.commitment_id });
      await this.events.record(tx, {
        type: 'report.verified',
        commitmentId: report.commitment_id,
        reportId,
        organizationId: report.organization_id,
      });
      await this.events.record(tx, { type: 'queues.changed' });
    });
    return this.withCommitment(await this.get(reportId, viewer));
  }

  /** The narrative's missing language, added by the report's organisation or the secretariat. */
  async addTranslation(reportId: string, dto: TranslationDto, viewer: Viewer): Promise<ReportView> {
    await this.db.transaction(async (tx) => {
      const [report] = (await tx.query(
        `SELECT p.id, p.commitment_id, p.organization_id, p.narrative_en, p.narrative_fr,
                (SELECT array_agg(locale) FROM report_translations t WHERE t.report_id = p.id) AS added
           FROM progress_reports p WHERE p.id = $1`,
        [reportId],
      )) as Array<{
        id: string;
        commitment_id: string;
        organization_id: string;
        narrative_en: string | null;
        narrative_fr: string | null;
        added: string[] | null;
      }>;
      if (!report) {
        throw notFound('report', reportId);
      }
      if (!can.administer(viewer) && viewer.organizationId !== report.organization_id) {
        throw new DomainError('report_organization_only', 'Only the report’s organisation or the secretariat adds its translation');
      }
      const present = (dto.locale === 'en' ? report.narrative_en : report.narrative_fr) || report.added?.includes(dto.locale);
      if (present) {
        throw new DomainError('translation_present', `The report already has its ${dto.locale === 'en' ? 'English' : 'French'} narrative`, {
          locale: dto.locale,
        });
      }
      const [translation] = (await tx.query(
        'INSERT INTO report_translations (report_id, locale, narrative, author_id) VALUES ($1, $2, $3, $4) RETURNING id',
        [reportId, dto.locale, dto.narrative, viewer.id],
      )) as Array<{ id: string }>;
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: 'report.translated',
        entityType: 'report',
        entityId: reportId,
        subject: `commitment:${report.commitment_id}`,
        records: [{ type: 'translation', id: translation.id }],
        data: { reportId, locale: dto.locale, narrative: dto.narrative },
      });
      await this.events.record(tx, { type: 'report.created', commitmentId: report.commitment_id, reportId, translated: true });
    });
    return this.get(reportId, viewer);
  }

  async get(reportId: string, viewer: Viewer | null): Promise<ReportView> {
    // One read for the write's answer (its author's view) and its room's push (the public's).
    const [row] = await this.rows.run(
      `${reportId}@${this.events.generation}`,
      () => this.db.query(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE p.id = $1`, [reportId]) as Promise<ReportRow[]>,
    );
    if (!row) {
      throw notFound('report', reportId);
    }
    return toReportView(row, viewer);
  }

  private readonly rows = new SingleFlight<ReportRow[]>();

  /** With `lock`, serialises writes on one commitment, so its derived state follows its reports in order. */
  private async readCommitment(db: Pick<EntityManager, 'query'>, commitmentId: string, lock: boolean): Promise<CommitmentForReport> {
    const [row] = (await db.query(
      `SELECT id, owner_id, current_status, indicators FROM commitments WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [commitmentId],
    )) as CommitmentForReport[];
    if (!row) {
      throw notFound('commitment', commitmentId);
    }
    return row;
  }

  private async checkCorrection(
    tx: Pick<EntityManager, 'query'>,
    correctsId: string,
    commitmentId: string,
    kind: string,
    viewer: Viewer,
  ): Promise<void> {
    const [corrected] = (await tx.query('SELECT commitment_id, kind, organization_id FROM progress_reports WHERE id = $1', [
      correctsId,
    ])) as Array<{
      commitment_id: string;
      kind: string;
      organization_id: string;
    }>;
    if (!corrected || corrected.commitment_id !== commitmentId || corrected.kind !== kind) {
      throw invalidField('correctsId', 'not_same_kind', 'correctsId must name a report of the same kind on this commitment');
    }
    if (!can.administer(viewer) && corrected.organization_id !== viewer.organizationId && kind !== 'self_report') {
      throw new DomainError('report_organization_only', 'Only the organisation that wrote a report corrects it');
    }
  }

  private checkIndicatorValues(values: Record<string, number> | undefined, indicators: Indicator[]): Record<string, number> | null {
    if (!values || !Object.keys(values).length) {
      return null;
    }
    for (const [key, value] of Object.entries(values)) {
      const index = Number(key);
      if (!Number.isInteger(index) || index < 0 || index >= indicators.length) {
        throw invalidField(`indicatorValues.${key}`, 'unknown_indicator', `indicatorValues.${key} names no indicator of this commitment`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw invalidField(`indicatorValues.${key}`, 'number', `indicatorValues.${key} must be a number`);
      }
    }
    return values;
  }

  /**
   * The answer to a write that moved the commitment carries its new state, so the page that
   * wrote shows it without asking again (and without guessing which pushed event is its own).
   */
  private async withCommitment(report: ReportView): Promise<ReportView> {
    return { ...report, commitment: await this.commitments.get(report.commitmentId) };
  }
}
