import { type ElementRef, Injector, type Signal, computed, effect, inject, signal, untracked } from '@angular/core';
import type { FormGroup } from '@angular/forms';
import type { Observable } from 'rxjs';
import { focusFirstProblem } from './form-errors';
import type { SavedChange } from './save-notices.component';
import type { VersionedSave } from './versioned-save';

/**
 * What the curation forms (dialogue, recommendation, commitment, milestone) do alike: check the
 * draft before sending, save it with the version it started from, re-apply it on the version now
 * saved or drop it after a conflict, and move focus to the first problem.
 */
export abstract class VersionedForm<T extends { id: string; version: number }> {
  protected abstract readonly form: FormGroup;
  protected abstract readonly save: VersionedSave<T>;
  /** The form's container: focus looks there for the first problem. */
  protected abstract readonly formElement: Signal<ElementRef<HTMLElement> | undefined>;
  /** Messages show once the person has tried to submit. */
  protected readonly submitted = signal(false);
  protected readonly injector = inject(Injector);
  /** After a conflict: the fields someone else changed, as they now read. */
  protected readonly changes = computed(() => {
    const conflict = this.save.conflict();
    return conflict ? conflict.fields.map((field) => this.describeChange(field, conflict.current)) : [];
  });

  /** The request for the draft: `version` is undefined to create. */
  protected abstract send(version: number | undefined): Observable<T>;
  /** What follows a save: open the record, tell the page, close the form. */
  protected abstract afterSave(record: T): void | Promise<void>;
  /** How a field (a name of the form's draft) someone else changed reads in `current`. */
  protected abstract describeChange(field: string, current: T): SavedChange;
  /** Shows a record in the form: the one read, or the one now saved when the draft is dropped. */
  protected abstract fill(record: T): void;

  /** Fills the form with the record once it is read: later reads never overwrite a draft. */
  protected fillWhenRead(record: () => T | null): void {
    effect(
      () => {
        const read = record();
        untracked(() => {
          if (read && this.save.base()?.id !== read.id) {
            this.fill(read);
          }
        });
      },
      { injector: this.injector },
    );
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    if (this.form.invalid) {
      this.focusProblem();
      return;
    }
    await this.conclude(await this.save.save((version) => this.send(version)));
  }

  protected async reapply(): Promise<void> {
    await this.conclude(await this.save.reapply((version) => this.send(version)));
  }

  protected discard(): void {
    const current = this.save.discard();
    if (current) {
      this.fill(current);
    }
  }

  protected focusProblem(): void {
    const root = this.formElement()?.nativeElement;
    if (root) {
      focusFirstProblem(root, this.injector);
    }
  }

  private async conclude(record: T | null): Promise<void> {
    if (record) {
      await this.afterSave(record);
    } else {
      this.focusProblem();
    }
  }
}
