import { ChangeDetectionStrategy, Component, ElementRef, inject, signal, viewChild } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { type Locale, NARRATIVE_MAX_LENGTH, type ReportView } from '@suivi/contracts';
import { errorCode } from '../core/http-error';
import { DialogComponent } from '../shared/dialog.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, notBlank } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { CommitmentStore } from './commitment.store';

/** A report and the language its narrative lacks. */
export interface TranslationTarget {
  report: ReportView;
  locale: Locale;
}

/**
 * The report's organisation adds the narrative's missing language, reading the other beside it.
 * A language added meanwhile by someone else is said so, and the timeline read again to show it.
 */
@Component({
  selector: 'suivi-translate-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, DialogComponent, FieldErrorComponent, FormFailureComponent],
  template: `
    <suivi-dialog #dialog [heading]="target() ? ('translation.title.' + target()?.locale | transloco) : ''" (closed)="target.set(null)">
      @let e = cycle.errors();
      <form class="form dialog-body" [formGroup]="form" (ngSubmit)="submit()" novalidate>
        @if (target(); as t) {
          <p class="label">{{ 'translation.original.' + t.locale | transloco }}</p>
          <blockquote class="translation-original prose" [attr.lang]="t.locale === 'en' ? 'fr' : 'en'">{{ original(t) }}</blockquote>
          @if (cycle.failure(); as f) {
            <suivi-form-failure [failure]="f" />
          }
          <div class="field">
            <label for="translate-narrative">{{ 'translation.text.' + t.locale | transloco }}</label>
            <p class="field-hint" id="translate-narrative-hint">{{ 'translation.hint' | transloco }}</p>
            <textarea
              id="translate-narrative"
              rows="6"
              required
              formControlName="narrative"
              [attr.lang]="t.locale"
              [attr.aria-invalid]="e.narrative ? true : null"
              [attr.aria-describedby]="describedBy('translate-narrative', e.narrative, true)"
            ></textarea>
            <suivi-field-error controlId="translate-narrative" [error]="e.narrative" />
          </div>
        }
        <div class="form-actions">
          <button type="submit" class="button" [disabled]="cycle.sending()">
            {{ (cycle.sending() ? 'common.saving' : 'translation.submit') | transloco }}
          </button>
          <button type="button" class="button button-secondary" (click)="dialog.close()">{{ 'common.cancel' | transloco }}</button>
        </div>
      </form>
    </suivi-dialog>
  `,
})
export class TranslateDialogComponent {
  private readonly store = inject(CommitmentStore);
  protected readonly describedBy = describedBy;

  protected readonly target = signal<TranslationTarget | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group({
    narrative: ['', [Validators.required, notBlank, Validators.maxLength(NARRATIVE_MAX_LENGTH)]],
  });
  private readonly dialog = viewChild.required<DialogComponent>('dialog');
  private readonly dialogElement = viewChild.required('dialog', { read: ElementRef<HTMLElement> });
  protected readonly cycle = new FormSubmit(this.form, () => this.dialogElement().nativeElement);

  open(target: TranslationTarget): void {
    this.target.set(target);
    this.cycle.start({ narrative: '' });
    this.dialog().open();
  }

  /** The other language's text, shown to the translator. */
  protected original(target: TranslationTarget): string {
    return target.report.narrative[target.locale === 'en' ? 'fr' : 'en'] ?? '';
  }

  protected async submit(): Promise<void> {
    const target = this.target();
    if (!target) {
      return;
    }
    await this.cycle.submit(
      () => this.store.translate(target.report, target.locale, this.form.getRawValue().narrative.trim()),
      () => this.dialog().close(),
      {
        onError: (error) => {
          if (errorCode(error) === 'translation_present') {
            this.store.reloadTimeline();
          }
        },
      },
    );
  }
}
