import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  type Bilingual,
  type CommitmentInput,
  type CommitmentView,
  REGIONS,
  type Region,
  type StaleCommitment,
  THEMES,
  type Theme,
} from '@suivi/contracts';
import { firstValueFrom } from 'rxjs';
import { LocalDatePipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { type Failure, requestFailure } from '../shared/forms/form-errors';

/** What the secretariat edits here, in the shape a PATCH sends. */
export interface CommitmentDraft {
  title: Bilingual;
  description: Bilingual;
  dueDate: string | null;
  themes: Theme[];
  regions: Region[];
}

export type DraftField = keyof CommitmentDraft;
const FIELDS: DraftField[] = ['title', 'description', 'dueDate', 'themes', 'regions'];

export function draftOf(c: CommitmentView): CommitmentDraft {
  return {
    title: { en: c.title.en ?? '', fr: c.title.fr ?? '' },
    description: { en: c.description.en ?? '', fr: c.description.fr ?? '' },
    dueDate: c.dueDate,
    themes: [...c.themes],
    regions: [...c.regions],
  };
}

/** The fields whose value differs between two versions of a commitment. */
export function changedFields(from: CommitmentView, to: CommitmentView): DraftField[] {
  const a = draftOf(from);
  const b = draftOf(to);
  return FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
}

function bilingual(value: Bilingual): Bilingual {
  const en = value.en?.trim();
  const fr = value.fr?.trim();
  return { ...(en ? { en } : {}), ...(fr ? { fr } : {}) };
}

/** The secretariat's edit of a commitment, with the way out of a conflicting edit made meanwhile. */
@Component({
  selector: 'suivi-commitment-edit',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, LocalDatePipe, BilingualTextComponent],
  templateUrl: './commitment-edit.component.html',
})
export class CommitmentEditComponent {
  readonly commitment = input.required<CommitmentView>();
  readonly saved = output<CommitmentView>();

  private readonly http = inject(HttpClient);

  protected readonly themes = THEMES;
  protected readonly regions = REGIONS;

  protected readonly editing = signal(false);
  /** The version the person started from: a PATCH sends its number. */
  protected readonly base = signal<CommitmentView | null>(null);
  protected readonly draft = signal<CommitmentDraft | null>(null);
  protected readonly sending = signal(false);
  protected readonly failure = signal<Failure | null>(null);
  /** Someone else's save since `base` was read. */
  protected readonly conflict = signal<{ current: CommitmentView; fields: DraftField[] } | null>(null);
  protected readonly missingTitle = computed(() => {
    const d = this.draft();
    return d !== null && !d.title.en?.trim() && !d.title.fr?.trim();
  });

  protected start(): void {
    const c = this.commitment();
    this.base.set(c);
    this.draft.set(draftOf(c));
    this.conflict.set(null);
    this.failure.set(null);
    this.editing.set(true);
  }

  protected cancel(): void {
    this.editing.set(false);
    this.conflict.set(null);
    this.failure.set(null);
  }

  protected setDueDate(event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.draft.update((d) => (d ? { ...d, dueDate: value || null } : d));
  }

  protected setText(field: 'title' | 'description', lang: 'en' | 'fr', event: Event): void {
    const value = (event.target as HTMLInputElement | HTMLTextAreaElement).value;
    this.draft.update((d) => (d ? { ...d, [field]: { ...d[field], [lang]: value } } : d));
  }

  protected toggle<T extends Theme | Region>(field: 'themes' | 'regions', value: T, event: Event): void {
    const on = (event.target as HTMLInputElement).checked;
    this.draft.update((d) => {
      if (!d) {
        return d;
      }
      const list = d[field] as T[];
      return { ...d, [field]: on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value) };
    });
  }

  protected async submit(): Promise<void> {
    const base = this.base();
    if (!base || this.missingTitle()) {
      return;
    }
    await this.send(base);
  }

  /** Sends the person's draft again, on the version someone else saved. */
  protected async reapply(): Promise<void> {
    const conflict = this.conflict();
    if (conflict) {
      this.base.set(conflict.current);
      await this.send(conflict.current);
    }
  }

  protected discard(): void {
    const conflict = this.conflict();
    if (conflict) {
      this.saved.emit(conflict.current);
    }
    this.cancel();
  }

  private async send(base: CommitmentView): Promise<void> {
    const d = this.draft();
    if (!d) {
      return;
    }
    const body: Partial<CommitmentInput> = {
      title: bilingual(d.title),
      description: bilingual(d.description),
      dueDate: d.dueDate || null,
      themes: d.themes,
      regions: d.regions,
      version: base.version,
    };
    this.sending.set(true);
    this.failure.set(null);
    try {
      const saved = await firstValueFrom(this.http.patch<CommitmentView>(`/api/commitments/${encodeURIComponent(base.id)}`, body));
      this.saved.emit(saved);
      this.cancel();
    } catch (error: unknown) {
      const current = error instanceof HttpErrorResponse && error.status === 409 ? (error.error as StaleCommitment | null)?.current : null;
      if (current) {
        this.conflict.set({ current, fields: changedFields(base, current) });
      } else {
        this.failure.set(requestFailure(error));
      }
    } finally {
      this.sending.set(false);
    }
  }
}
