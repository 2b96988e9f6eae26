import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { getStorageToken, type ThrottlerStorage } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IMPORT_BATCH_ROWS,
  IMPORT_MAX_ROWS,
  type ApiError,
  type ImportIncomplete,
  type ImportOutcome,
  type ImportRowError,
  type Viewer,
} from '@suivi/contracts';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError } from 'class-validator';
import { DataSource, type EntityManager } from 'typeorm';

import { CreateCommitmentDto, UpdateCommitmentDto } from '../commitments/commitment-input.dto';
import { CommitmentsService } from '../commitments/commitments.service';
import { CommitmentCurationService } from '../commitments/curation.service';
import { DomainError, invalidField } from '../common/domain-error';
import { takeFromBudget } from '../common/per-person-budget';
import { validationProblems } from '../common/validation-problems';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { DomainEvents } from '../events/domain-events';
import { COMMITMENT_CSV_COLUMNS, REPORT_CSV_COLUMNS } from '../exports/exports.service';
import { CreateReportDto } from '../reports/reports.dto';
import { ReportsService } from '../reports/reports.service';
import { list, optional, readCsv, type CsvRow } from './csv-rows';
import { refusalProblems, type Problem } from './import-errors';

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

/** A row checked and ready to write; `write` runs inside a batch's transaction. */
interface PlannedRow {
  line: number;
  outcome: 'created' | 'updated' | 'unchanged';
  write?: (tx: EntityManager) => Promise<unknown>;
}

/** What a file's check found: its rows (planned), its errors. */
interface Checked {
  rows: number;
  errors: ImportRowError[];
  plan: PlannedRow[];
}

/** Test-only ways to see and steer the batches (NODE_ENV=test). */
export interface ImportTestHooks {
  /** Called in each batch's transaction before its first row; throwing makes the batch fail. */
  beforeBatch?: (firstLine: number) => void;
  /** Another time budget per batch, in ms (Infinity: 200 rows whatever they take). */
  batchMs?: number;
}

/**
 * How long a batch may go on writing before it commits, whatever its size: each batch holds the
 * audit lock (PostgreSQL) or the only session (embedded database) until it commits, and 200 rows
 * took 1.8 s on PostgreSQL and 6 s on the embedded database on a loaded 2-core machine, during
 * which every other write (and, embedded, every read) waited.
 */
const BATCH_MS = 250;

/**
 * CSV imports that round-trip with the exports. One check serves the dry run and the import: every
 * row is validated and checked against what is recorded with the same rules as the ordinary write
 * it stands for, reading only — no transaction, no lock — so a dry run never holds anyone's writes.
 * A real import of a valid file then writes its rows in batches of IMPORT_BATCH_ROWS, each one
 * transaction (the write checks each row again, under its locks). A row without an id gets one
 * derived from the importer, the file and the line, so sending the same file again after an import
 * was cut short writes only what is missing.
 */
@Injectable()
export class ImportsService {
  readonly testHooks: ImportTestHooks = {};

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(getStorageToken()) private readonly throttle: ThrottlerStorage,
    private readonly curation: CommitmentCurationService,
    private readonly commitmentsRead: CommitmentsService,
    private readonly reports: ReportsService,
    private readonly events: DomainEvents,
  ) {}

  /** Dry runs and imports one person may send: each checks every row of up to IMPORT_MAX_ROWS. */
  takeAttempt(viewer: Viewer): Promise<void> {
    return takeFromBudget(
      this.throttle,
      {
        key: `${this.config.redisPrefix}throttle:imports:${viewer.id}`,
        name: 'imports',
        limit: this.config.importsPerHour,
        windowMs: HOUR_MS,
        code: 'too_many_imports',
      },
      (retryAfter) =>
        `You have sent ${this.config.importsPerHour} imports in the last hour: wait ${Math.ceil(retryAfter / 60)} min before the next`,
    );
  }

  async commitments(text: string, viewer: Viewer, dryRun: boolean): Promise<ImportResult> {
    const checked = await this.checkCommitments(text, viewer);
    if (dryRun || checked.errors.length) {
      return checkAnswer(checked);
    }
    // The dashboard's totals are pushed with the last batch, and at most once a second before it.
    let pushedAt = 0;
    return this.writeInBatches(checked, async (tx, last) => {
      if (last || Date.now() - pushedAt >= 1000) {
        pushedAt = Date.now();
        await this.events.record(tx, { type: 'dashboard.updated' });
      }
    });
  }

  /** Progress of commitments, as the owner's focal point (or civil society, for assessments) would post it. */
  async progress(text: string, viewer: Viewer, dryRun: boolean): Promise<ImportResult> {
    const checked = await this.checkProgress(text, viewer);
    if (dryRun || checked.errors.length) {
      return checkAnswer(checked);
    }
    return this.writeInBatches(checked);
  }

  private async checkCommitments(text: string, viewer: Viewer): Promise<Checked> {
    const { rows, errors } = readCsv(text, COMMITMENT_CSV_COLUMNS, ['title_en', 'title_fr', 'owner_id']);
    assertRowCap(rows);
    const plan: PlannedRow[] = [];
    if (errors.length) {
      return { rows: rows.length, errors, plan };
    }
    const file = fileKey(text);
    const updatedInFile = new Set<string>();
    for (const row of rows) {
      await this.checkRow(row, errors, COMMITMENT_COLUMN_OF, async () => {
        const id = optional(row.cells['id']);
        const fields = await this.commitmentFields(this.db, row, id);
        if (id) {
          const dto = await this.check(UpdateCommitmentDto, fields, row, errors, COMMITMENT_COLUMN_OF);
          if (!dto) {
            return;
          }
          if (updatedInFile.has(id)) {
            throw invalidField('id', 'repeated_in_file', `id: commitment ${id} is on an earlier line of this file too`);
          }
          updatedInFile.add(id);
          await this.curation.checkUpdate(this.db, id, dto);
          if (!(await this.changes(id, dto))) {
            plan.push({ line: row.line, outcome: 'unchanged' });
            return;
          }
          plan.push({
            line: row.line,
            outcome: 'updated',
            write: (tx) => this.curation.applyUpdate(tx, id, dto, viewer),
          });
        } else {
          const dto = await this.check(CreateCommitmentDto, fields, row, errors, COMMITMENT_COLUMN_OF);
          if (!dto) {
            return;
          }
          const newId = importedId(viewer, file, row.line);
          if (await this.exists('commitments', newId)) {
            plan.push({ line: row.line, outcome: 'unchanged' });
            return;
          }
          await this.curation.checkCreate(this.db, dto);
          plan.push({
            line: row.line,
            outcome: 'created',
            write: (tx) => this.curation.insert(tx, dto, viewer, newId),
          });
        }
      });
    }
    return { rows: rows.length, errors, plan };
  }

  private async checkProgress(text: string, viewer: Viewer): Promise<Checked> {
    const { rows, errors } = readCsv(text, REPORT_CSV_COLUMNS, ['commitment_id', 'kind', 'status']);
    assertRowCap(rows);
    const plan: PlannedRow[] = [];
    if (errors.length) {
      return { rows: rows.length, errors, plan };
    }
    const file = fileKey(text);
    for (const row of rows) {
      await this.checkRow(row, errors, REPORT_COLUMN_OF, async () => {
        const id = optional(row.cells['id']);
        // Re-importing an export leaves what is already recorded alone.
        if (id && UUID.test(id) && (await this.exists('progress_reports', id))) {
          plan.push({ line: row.line, outcome: 'unchanged' });
          return;
        }
        const newId = importedId(viewer, file, row.line);
        if (await this.exists('progress_reports', newId)) {
          plan.push({ line: row.line, outcome: 'unchanged' });
          return;
        }
        const commitmentId = optional(row.cells['commitment_id']) ?? '';
        if (!UUID.test(commitmentId)) {
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
        if (!dto) {
          return;
        }
        await this.reports.check(this.db, commitmentId, dto, viewer);
        plan.push({
          line: row.line,
          outcome: 'created',
          write: (tx) => this.reports.write(tx, commitmentId, dto, viewer, [], newId),
        });
      });
    }
    return { rows: rows.length, errors, plan };
  }

  /**
   * Writes the planned rows in batches, each one transaction (whose events are heard once it has
   * committed; `afterBatch` records more in it, told whether it is the last) of at most IMPORT_BATCH_ROWS rows, ended sooner
   * once it has been writing for BATCH_MS, so others' writes wait a moment, not the import. A
   * batch that fails stops the import: the answer (a 409) names the lines written and the first
   * line not written.
   */
  private async writeInBatches(checked: Checked, afterBatch?: (tx: EntityManager, last: boolean) => Promise<void>): Promise<ImportResult> {
    const counts = { created: 0, updated: 0, unchanged: 0 };
    const toWrite = checked.plan.filter((p) => p.write);
    checked.plan.filter((p) => !p.write).forEach(() => counts.unchanged++);
    const testing = this.config.nodeEnv === 'test';
    const budget = testing ? (this.testHooks.batchMs ?? BATCH_MS) : BATCH_MS;
    let writtenFrom: number | null = null;
    let writtenTo: number | null = null;
    let next = 0;
    while (next < toWrite.length) {
      const first = toWrite[next];
      let current = first;
      let rows = 0;
      try {
        await this.db.transaction(async (tx) => {
          rows = 0;
          if (testing) {
            this.testHooks.beforeBatch?.(first.line);
          }
          const started = Date.now();
          while (next + rows < toWrite.length && rows < IMPORT_BATCH_ROWS && (rows === 0 || Date.now() - started < budget)) {
            current = toWrite[next + rows];
            await (current.write as NonNullable<PlannedRow['write']>)(tx);
            rows += 1;
          }
          await afterBatch?.(tx, next + rows >= toWrite.length);
        });
      } catch (error) {
        const problem: Problem = refusalProblems(error)?.[0] ?? {
          code: 'other',
          params: {},
          message: 'the batch could not be written; nothing of it was kept',
        };
        const incomplete: Omit<ImportIncomplete, keyof ApiError> = {
          valid: true,
          rows: checked.rows,
          errors: [],
          ...counts,
          written: writtenFrom === null || writtenTo === null ? null : { from: writtenFrom, to: writtenTo },
          firstNotWritten: first.line,
          reason: { line: current.line, column: '', code: problem.code, params: problem.params, message: problem.message },
        };
        throw new DomainError(
          'import_incomplete',
          `The import stopped at line ${first.line}: ${problem.message}. Lines before it are written; send the same file again to complete it`,
          { firstNotWritten: first.line },
          undefined,
          incomplete,
        );
      }
      const batch = toWrite.slice(next, next + rows);
      writtenFrom ??= first.line;
      writtenTo = batch[batch.length - 1].line;
      for (const planned of batch) {
        counts[planned.outcome]++;
      }
      next += rows;
    }
    return { valid: true, rows: checked.rows, errors: [], ...counts };
  }

  /** Whether an update would change what is recorded: sending an export back changes nothing. */
  private async changes(id: string, dto: UpdateCommitmentDto): Promise<boolean> {
    const current = await this.commitmentsRead.get(id, this.db);
    const wanted = {
      title: dto.title ?? current.title,
      description: dto.description ?? current.description,
      ownerId: dto.ownerId ?? current.owner.id,
      supportingIds: [...(dto.supportingIds ?? current.supporting.map((o) => o.id))].sort(),
      recommendationIds: [...(dto.recommendationIds ?? current.recommendations.map((r) => r.id))].sort(),
      themes: dto.themes ?? current.themes,
      regions: dto.regions ?? current.regions,
      startDate: dto.startDate === undefined ? current.startDate : dto.startDate,
      dueDate: dto.dueDate === undefined ? current.dueDate : dto.dueDate,
      indicators: dto.indicators ?? current.indicators,
    };
    const held = {
      title: current.title,
      description: current.description,
      ownerId: current.owner.id,
      supportingIds: current.supporting.map((o) => o.id).sort(),
      recommendationIds: current.recommendations.map((r) => r.id).sort(),
      themes: current.themes,
      regions: current.regions,
      startDate: current.startDate,
      dueDate: current.dueDate,
      indicators: current.indicators,
    };
    return canonical(wanted) !== canonical(held);
  }

  private async exists(table: 'commitments' | 'progress_reports', id: string): Promise<boolean> {
    const [row] = (await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])) as unknown[];
    return Boolean(row);
  }

  private async commitmentFields(tx: Pick<EntityManager, 'query'>, row: CsvRow, id: string | undefined): Promise<Record<string, unknown>> {
    const c = row.cells;
    let dialogueId = optional(c['dialogue_id']);
    let version: number | undefined;
    if (id) {
      const [current] = (await tx.query('SELECT dialogue_id, version FROM commitments WHERE id = $1', [id])) as Array<{
        dialogue_id: string;
        version: number;
      }>;
      if (!current) {
        throw invalidField('id', 'unknown_commitment', `id: no commitment ${id} (leave it empty to create one)`);
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
        throw invalidField(
          'recommendationIds',
          'unknown_recommendation_code',
          `recommendationIds: unknown recommendation code ${missing.join(', ')} in this dialogue`,
          { codes: missing.join(', ') },
        );
      }
      recommendationIds = recs.map((r) => r.id);
    }
    let indicators: unknown;
    if (optional(c['indicators'])) {
      try {
        indicators = JSON.parse(c['indicators']);
      } catch {
        throw invalidField('indicators', 'indicators_json', 'indicators must be a JSON list, as in the export');
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

  /** One row's check: a refusal is recorded as the row's error and the others go on. */
  private async checkRow(
    row: CsvRow,
    errors: ImportRowError[],
    columnOf: Record<string, string>,
    work: () => Promise<void>,
  ): Promise<void> {
    try {
      await work();
    } catch (error) {
      const problems = refusalProblems(error);
      if (!problems) {
        throw error;
      }
      for (const problem of problems) {
        errors.push(rowError(row, problem.field ? columnFor(problem.field, columnOf) : '', problem));
      }
    }
  }
}
/** The CSV column a DTO field comes from (`title.en` → title_en). */
function columnFor(field: string, columnOf: Record<string, string>): string {
  return columnOf[field] ?? columnOf[field.split('.')[0]] ?? field;
}

/** A problem placed on its line and column; the column is a param too, for the screen's sentence. */
function rowError(row: CsvRow, column: string, problem: Omit<Problem, 'field'>): ImportRowError {
  return { line: row.line, column, code: problem.code, params: { column, ...problem.params }, message: problem.message };
}

const HOUR_MS = 60 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The namespace of ids made for imported rows (a random UUID, fixed once). */
const IMPORT_NAMESPACE = '6f7c2b0e-3b9a-4f41-9d51-0c8a7e2d9a11';

/** Past the row cap, a 400 naming the limit, with a code and the counts so a screen can say it in its language. */
function assertRowCap(rows: CsvRow[]): void {
  if (rows.length > IMPORT_MAX_ROWS) {
    throw new DomainError(
      'import_too_many_rows',
      [
        `body: a file may hold at most ${IMPORT_MAX_ROWS.toLocaleString('en')} rows (this one has ${rows.length.toLocaleString('en')}); split it`,
      ],
      { rows: rows.length, maxRows: IMPORT_MAX_ROWS },
      undefined,
      { rows: rows.length, maxRows: IMPORT_MAX_ROWS },
    );
  }
}

/** The file as sent, for the ids of its rows. */
function fileKey(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * The id a row without one gets: a UUIDv5 of the importer, the file's sha256 and the line, so the
 * same file sent again by the same person names the same records.
 */
export function importedId(viewer: Pick<Viewer, 'id'>, file: string, line: number): string {
  return uuidV5(IMPORT_NAMESPACE, `${viewer.id}:${file}:${line}`);
}

/** A name-based UUID, SHA-1 (RFC 9562 §5.5). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function checkAnswer(checked: Checked): ImportResult {
  return { valid: checked.errors.length === 0, rows: checked.rows, errors: [...checked.errors].sort((a, b) => a.line - b.line) };
}

/** JSON with sorted keys, to compare two shapes of the same record. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
