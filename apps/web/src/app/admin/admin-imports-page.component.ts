import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  IMPORT_BATCH_ROWS,
  IMPORT_ERROR_CODES,
  IMPORT_KINDS,
  IMPORT_MAX_ROWS,
  type ImportCheck,
  type ImportErrorCode,
  type ImportIncomplete,
  type ImportKind,
  type ImportOutcome,
  type ImportRowError,
  isProblemCode,
} from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { LocalNumberPipe } from '../core/local-format.pipes';
import { type Said, SayPipe } from '../core/say.pipe';
import { type Failure, requestFailure } from '../shared/forms/form-errors';
import { AdminNavComponent } from './admin-nav.component';
import { IMPORT_TEMPLATES, ImportsApi } from './imports-api.service';

/** The file as read: its name for the person, its text for the API. */
interface PickedFile {
  name: string;
  text: string;
}

/** A dry run's answer, with what it was for: an import is offered only for that same kind and text. */
interface Checked {
  kind: ImportKind;
  text: string;
  answer: ImportCheck;
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('read'));
    reader.readAsText(file, 'utf-8');
  });
}

/** A 409 answer of an import that stopped part-way (batches before it are written). */
function stoppedPartWay(error: unknown): ImportIncomplete | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 409) {
    return null;
  }
  const body = error.error as Partial<ImportIncomplete> | null;
  return body?.code === 'import_incomplete' && typeof body.firstNotWritten === 'number' ? (body as ImportIncomplete) : null;
}

/** A 400 answer that lists the rows it refused, read as a failed check. */
function refusedRows(error: unknown): ImportCheck | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 400) {
    return null;
  }
  const body = error.error as { errors?: unknown; rows?: unknown } | null;
  return Array.isArray(body?.errors)
    ? { valid: false, rows: typeof body.rows === 'number' ? body.rows : 0, errors: body.errors as ImportRowError[] }
    : null;
}

/** Row codes a cell shares with a form's field, whose form words ("choose from the list") do not fit a CSV cell. */
const CELL_WORDS: ReadonlySet<ImportErrorCode> = new Set(['unknown_organisation']);

/**
 * A row's problem in the reader's language: a cell's code reads as a form field's (`problems.*`),
 * the file's and the row's own codes under the import's texts; null for a reason this version
 * has no words for (shown in the API's English).
 */
export function rowText(error: ImportRowError): Said | null {
  if (error.code === 'other' || !(IMPORT_ERROR_CODES as readonly string[]).includes(error.code)) {
    return null;
  }
  const own = !isProblemCode(error.code) || CELL_WORDS.has(error.code);
  return { key: own ? `admin.imports.problems.${error.code}` : `problems.${error.code}`, params: error.params };
}

@Component({
  selector: 'suivi-admin-imports-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [SayPipe, TranslocoPipe, LocalNumberPipe, AdminNavComponent],
  templateUrl: './admin-imports-page.component.html',
})
export class AdminImportsPageComponent {
  private readonly api = inject(ImportsApi);

  protected readonly kinds = IMPORT_KINDS;
  protected readonly templates = IMPORT_TEMPLATES;

  protected readonly kind = signal<ImportKind>('commitments');
  protected readonly file = signal<PickedFile | null>(null);
  protected readonly checked = signal<Checked | null>(null);
  protected readonly outcome = signal<ImportOutcome | null>(null);
  protected readonly incomplete = signal<ImportIncomplete | null>(null);
  protected readonly maxRows = IMPORT_MAX_ROWS;
  protected readonly batchRows = IMPORT_BATCH_ROWS;
  protected readonly busy = signal(false);
  protected readonly failure = signal<Failure | null>(null);

  /** The latest check, only while it still describes the chosen kind and file. */
  protected readonly current = computed(() => {
    const checked = this.checked();
    return checked && checked.kind === this.kind() && checked.text === this.file()?.text ? checked.answer : null;
  });
  protected readonly mayImport = computed(() => this.current()?.valid === true && !this.busy());

  protected readonly rowText = rowText;

  protected choose(kind: ImportKind): void {
    this.kind.set(kind);
    this.outcome.set(null);
    this.failure.set(null);
  }

  protected async pick(event: Event): Promise<void> {
    const file = (event.target as HTMLInputElement).files?.[0] ?? null;
    this.outcome.set(null);
    this.failure.set(null);
    this.checked.set(null);
    if (!file) {
      this.file.set(null);
      return;
    }
    try {
      this.file.set({ name: file.name, text: await readText(file) });
    } catch {
      this.file.set(null);
      this.failure.set({ key: 'admin.imports.unreadable', params: {} });
    }
  }

  protected async check(): Promise<void> {
    const file = this.file();
    if (!file) {
      this.failure.set({ key: 'admin.imports.noFile', params: {} });
      return;
    }
    const kind = this.kind();
    await this.send(
      async () => {
        const answer = await firstValueFrom(this.api.check(kind, file.text));
        this.checked.set({ kind, text: file.text, answer });
      },
      kind,
      file.text,
    );
  }

  protected async import(): Promise<void> {
    const file = this.file();
    if (!file || !this.mayImport()) {
      return;
    }
    const kind = this.kind();
    await this.send(
      async () => {
        this.outcome.set(await firstValueFrom(this.api.import(kind, file.text)));
        this.checked.set(null);
      },
      kind,
      file.text,
    );
  }

  private async send(request: () => Promise<void>, kind: ImportKind, text: string): Promise<void> {
    this.busy.set(true);
    this.failure.set(null);
    this.outcome.set(null);
    this.incomplete.set(null);
    try {
      await request();
    } catch (error: unknown) {
      const refused = refusedRows(error);
      const stopped = stoppedPartWay(error);
      if (stopped) {
        this.incomplete.set(stopped);
      } else if (refused) {
        this.checked.set({ kind, text, answer: refused });
      } else {
        // A file over the row cap, or a person over the hour's imports: each says its limit.
        this.failure.set(requestFailure(error));
      }
    } finally {
      this.busy.set(false);
    }
  }
}
