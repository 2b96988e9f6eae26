import { BadRequestException, ForbiddenException, HttpException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImportOutcome, ImportRowError, Viewer } from '@suivi/contracts';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';

import { CreateCommitmentDto, UpdateCommitmentDto } from '../commitments/commitment-input.dto';
import { CommitmentCurationService } from '../commitments/curation.service';
import { COMMITMENT_CSV_COLUMNS, REPORT_CSV_COLUMNS } from '../exports/exports.service';
import { NotificationsService, type PendingNotifications } from '../notifications/notifications.service';
import { RealtimeGateway } from '../realtime/realtime.gateway';
import { CreateReportDto } from '../reports/reports.dto';
import { ReportsService } from '../reports/reports.service';
import { list, optional, readCsv, type CsvRow } from './csv-rows';
import { serviceProblem, validationProblems, type Problem } from './import-errors';

/** A dry run's answer (ImportCheck), or an import's (ImportOutcome). */
export type ImportResult = Omit<ImportOutcome, 'created'> & { created?: number };

/** DTO property → the CSV column it comes from, to name the column in errors. */
const COMMITMENT_COLUMN_OF: Record<string, string> = {
  dialogueId: 'dialogue_id',
  'title.en': 'title_en',
  'title.fr': 'title_fr',
  title: 'title_en',
  'description.en': 'description_en',
  'description.fr': 'description_fr',
  description: 'description_en',
  ownerId: 'owner_id',
  supportingIds: 'supporting_ids',
  recommendationIds: 'recommendation_codes',
  themes: 'themes',
  regions: 'regions',
  startDate: 'start_date',
  dueDate: 'due_date',
  indicators: 'indicators',
  version: 'id',
};
const REPORT_COLUMN_OF: Record<string, string> = {
  kind: 'kind',
  status: 'status',
  percent: 'percent',
  narrative: 'narrative_en',
  'narrative.en': 'narrative_en',
  'narrative.fr': 'narrative_fr',
  evidenceLinks: 'evidence_links',
  commitmentId: 'commitment_id',
};

class Rollback extends Error {}

/**
 * CSV imports that round-trip with the exports. Every row is checked, then written as the ordinary
 * audited write it stands for, all in one transaction: a dry run (or any invalid row) rolls the
 * whole file back, so nothing is written until every row is valid.
 */
@Injectable()
export class ImportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly curation: CommitmentCurationService,
    private readonly reports: ReportsService,
    private readonly realtime: RealtimeGateway,
    private readonly notifications: NotificationsService,
  ) {}

  async commitments(text: string, viewer: Viewer, dryRun: boolean): Promise<ImportResult> {
    const { rows, errors } = readCsv(text, COMMITMENT_CSV_COLUMNS, ['title_en', 'title_fr', 'owner_id']);
    let created = 0;
    let updated = 0;
    const pending: PendingNotifications[] = [];
    const result = await this.inTransaction(errors, dryRun, async (tx) => {
      for (const row of rows) {
        await this.row(tx, row, errors, COMMITMENT_COLUMN_OF, async () => {
          const id = optional(row.cells['id']);
          const fields = await this.commitmentFields(tx, row, id);
          if (id) {
            const dto = await this.check(UpdateCommitmentDto, fields, row, errors, COMMITMENT_COLUMN_OF);
            const notify = dto && (await this.curation.applyUpdate(tx, id, dto, viewer));
            if (notify) {
              pending.push(notify);
            }
            updated += dto ? 1 : 0;
          } else {
            const dto = await this.check(CreateCommitmentDto, fields, row, errors, COMMITMENT_COLUMN_OF);
            if (dto) {
              await this.curation.insert(tx, dto, viewer);
              created++;
            }
          }
        });
      }
    });
    if (result.valid && !dryRun) {
      for (const batch of pending) {
        this.notifications.push(batch);
      }
      this.realtime.emit('dashboard', 'dashboard.updated', { totals: await this.totals(), generatedAt: new Date().toISOString() });
    }
    return { ...result, rows: rows.length, ...(result.valid && !dryRun ? { created, updated } : {}) };
  }

  /** Progress of commitments, as the owner's focal point (or civil society, for assessments) would post it. */
  async progress(text: string, viewer: Viewer, dryRun: boolean): Promise<ImportResult> {
    const { rows, errors } = readCsv(text, REPORT_CSV_COLUMNS, ['commitment_id', 'kind', 'status']);
    let created = 0;
    let unchanged = 0;
    const written: Array<{ commitmentId: string; pending: PendingNotifications[] }> = [];
    const result = await this.inTransaction(errors, dryRun, async (tx) => {
      for (const row of rows) {
        await this.row(tx, row, errors, REPORT_COLUMN_OF, async () => {
          const id = optional(row.cells['id']);
          if (id && /^[0-9a-f-]{36}$/i.test(id)) {
            const [exists] = (await tx.query('SELECT 1 FROM progress_reports WHERE id = $1', [id])) as unknown[];
            if (exists) {
              // Re-importing an export leaves what is already recorded alone.
              unchanged++;
              return;
            }
          }
          const commitmentId = optional(row.cells['commitment_id']) ?? '';
          if (!/^[0-9a-f-]{36}$/i.test(commitmentId)) {
            const message = 'commitment_id must be the id of a commitment';
            errors.push(rowError(row, 'commitment_id', { code: 'unknown_commitment', params: {}, message }));
            return;
          }
          const percent = optional(row.cells['percent']);
          const dto = await this.check(
            CreateReportDto,
            {
              kind: optional(row.cells['kind']),
              status: optional(row.cells['status']),
              percent: percent === undefined ? null : Number(percent),
              narrative: { en: optional(row.cells['narrative_en']), fr: optional(row.cells['narrative_fr']) },
              evidenceLinks: list(row.cells['evidence_links'], ' '),
            },
            row,
            errors,
            REPORT_COLUMN_OF,
          );
          if (dto) {
            const { pending } = await this.reports.write(tx, commitmentId, dto, viewer);
            written.push({ commitmentId, pending });
            created++;
          }
        });
      }
    });
    if (result.valid && !dryRun) {
      for (const w of written) {
        await this.reports.announce(w.commitmentId, w.pending);
      }
    }
    return { ...result, rows: rows.length, ...(result.valid && !dryRun ? { created, unchanged } : {}) };
  }

  private async commitmentFields(tx: EntityManager, row: CsvRow, id: string | undefined): Promise<Record<string, unknown>> {
    const c = row.cells;
    let dialogueId = optional(c['dialogue_id']);
    let version: number | undefined;
    if (id) {
      const [current] = (await tx.query('SELECT dialogue_id, version FROM commitments WHERE id = $1', [id])) as Array<{
        dialogue_id: string;
        version: number;
      }>;
      if (!current) {
        throw new BadRequestException([`id: no commitment ${id} (leave it empty to create one)`]);
      }
      dialogueId = current.dialogue_id;
      version = current.version;
    }
    const codes = list(c['recommendation_codes']);
    let recommendationIds: string[] | undefined;
    if (codes.length && dialogueId) {
      const recs = (await tx.query('SELECT id, code FROM recommendations WHERE dialogue_id = $1 AND code = ANY($2)', [
        dialogueId,
        codes,
      ])) as Array<{ id: string; code: string }>;
      const missing = codes.filter((code) => !recs.some((r) => r.code === code));
      if (missing.length) {
        throw new BadRequestException([`recommendationIds: unknown recommendation code ${missing.join(', ')} in this dialogue`]);
      }
      recommendationIds = recs.map((r) => r.id);
    }
    let indicators: unknown;
    if (optional(c['indicators'])) {
      try {
        indicators = JSON.parse(c['indicators']);
      } catch {
        throw new BadRequestException(['indicators must be a JSON list, as in the export']);
      }
    }
    return {
      ...(id ? { version } : { dialogueId }),
      title: { en: optional(c['title_en']), fr: optional(c['title_fr']) },
      description: { en: optional(c['description_en']), fr: optional(c['description_fr']) },
      ownerId: optional(c['owner_id']),
      supportingIds: list(c['supporting_ids']),
      recommendationIds: recommendationIds ?? [],
      themes: list(c['themes']),
      regions: list(c['regions']),
      startDate: optional(c['start_date']) ?? null,
      dueDate: optional(c['due_date']) ?? null,
      ...(indicators === undefined ? {} : { indicators }),
    };
  }

  private async check<T extends object>(
    type: new () => T,
    plain: Record<string, unknown>,
    row: CsvRow,
    errors: ImportRowError[],
    columnOf: Record<string, string>,
  ): Promise<T | null> {
    const instance = plainToInstance(type, plain);
    const problems: ValidationError[] = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
    if (!problems.length) {
      return instance;
    }
    for (const problem of validationProblems(problems)) {
      errors.push(rowError(row, columnFor(problem.field, columnOf), problem));
    }
    return null;
  }

  /** One row in a savepoint: a refused row is recorded as an error and the others go on. */
  private async row(
    tx: EntityManager,
    row: CsvRow,
    errors: ImportRowError[],
    columnOf: Record<string, string>,
    work: () => Promise<void>,
  ): Promise<void> {
    await tx.query('SAVEPOINT import_row');
    try {
      await work();
      await tx.query('RELEASE SAVEPOINT import_row');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT import_row');
      if (!(error instanceof HttpException) || error.getStatus() >= 500) {
        throw error;
      }
      const response = error.getResponse() as { message?: string | string[] } | string;
      const messages = typeof response === 'string' ? [response] : [response.message ?? error.message].flat();
      const column = error instanceof ForbiddenException || error instanceof NotFoundException ? 'commitment_id' : undefined;
      for (const message of messages.map(String)) {
        errors.push(rowError(row, column ?? columnFor(message.split(/[\s:]/)[0], columnOf), serviceProblem(message, error.getStatus())));
      }
    }
  }

  private async inTransaction(
    errors: ImportRowError[],
    dryRun: boolean,
    work: (tx: EntityManager) => Promise<void>,
  ): Promise<{ valid: boolean; rows: number; errors: ImportRowError[] }> {
    try {
      await this.db.transaction(async (tx) => {
        if (!errors.length) {
          await work(tx);
        }
        if (dryRun || errors.length) {
          throw new Rollback();
        }
      });
    } catch (error) {
      if (!(error instanceof Rollback)) {
        throw error;
      }
    }
    errors.sort((a, b) => a.line - b.line);
    return { valid: errors.length === 0, rows: 0, errors };
  }

  private async totals() {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS commitments,
              count(*) FILTER (WHERE due_date < CURRENT_DATE AND current_status NOT IN ('completed','withdrawn'))::int AS overdue,
              count(*) FILTER (WHERE contested)::int AS contested,
              (SELECT count(*)::int FROM progress_reports WHERE kind = 'self_report') AS reports,
              (SELECT count(*)::int FROM progress_reports WHERE kind = 'independent_assessment') AS assessments
         FROM commitments`,
    )) as Array<{ commitments: number; overdue: number; contested: number; reports: number; assessments: number }>;
    return row;
  }
}

/** The CSV column a DTO field comes from (`title.en` → title_en). */
function columnFor(field: string, columnOf: Record<string, string>): string {
  return columnOf[field] ?? columnOf[field.split('.')[0]] ?? field;
}

/** A problem placed on its line and column; the column is a param too, for the screen's sentence. */
function rowError(row: CsvRow, column: string, problem: Problem): ImportRowError {
  return { line: row.line, column, code: problem.code, params: { column, ...problem.params }, message: problem.message };
}
