import { ChangeDetectionStrategy, Component, ElementRef, effect, inject, linkedSignal, signal, untracked, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { FormControl, FormGroup, ReactiveFormsModule } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import {
  EMAIL_CADENCES,
  EMAIL_CADENCE_DEFAULTS,
  EMAIL_CATEGORIES,
  type EmailCadence,
  type EmailCategory,
  type EmailPreferences,
  type EmailPreferencesView,
} from '@suivi/contracts';
import { SayPipe } from '../core/say.pipe';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { type FormTexts, describedBy, requestFailure } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { EmailApi } from './email-api.service';

/** The API names a refused cadence `preferences.<category>`; the form's control is `<category>`. */
const TEXTS: FormTexts = {
  aliases: Object.fromEntries(EMAIL_CATEGORIES.map((c) => [`preferences.${c}`, c])),
};

/** The categories whose cadence the form changes from what the server holds: only those are sent. */
export function changedPreferences(saved: EmailPreferences, form: EmailPreferences): Partial<EmailPreferences> {
  return Object.fromEntries(EMAIL_CATEGORIES.filter((c) => form[c] !== saved[c]).map((c) => [c, form[c]]));
}

/**
 * How often mail comes, per category (DESIGN.md, "Preferences"): at once, in a daily or weekly
 * digest, or not at all, and the address it goes to. Only what the person changes is sent, so a
 * category they never chose keeps following the default.
 */
@Component({
  selector: 'suivi-email-preferences',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, SayPipe, FieldErrorComponent, FormFailureComponent],
  templateUrl: './email-preferences.component.html',
})
export class EmailPreferencesComponent {
  private readonly api = inject(EmailApi);

  protected readonly categories = EMAIL_CATEGORIES;
  protected readonly cadences = EMAIL_CADENCES;
  protected readonly describedBy = describedBy;
  protected readonly failure = requestFailure;

  protected readonly view = rxResource({ stream: () => this.api.preferences() });
  /** What the server holds: the last read, or what the last save answered. */
  protected readonly saved = linkedSignal<EmailPreferencesView | null>(() => (this.view.hasValue() ? this.view.value() : null));
  protected readonly form = new FormGroup(
    Object.fromEntries(
      EMAIL_CATEGORIES.map((c) => [c, new FormControl<EmailCadence>(EMAIL_CADENCE_DEFAULTS[c], { nonNullable: true })]),
    ) as Record<EmailCategory, FormControl<EmailCadence>>,
  );
  private readonly formElement = viewChild<ElementRef<HTMLFormElement>>('emailForm');
  protected readonly cycle = new FormSubmit(this.form, () => this.formElement()?.nativeElement, TEXTS);
  protected readonly done = signal(false);

  constructor() {
    // The form starts from what is saved once it is read; a later read leaves the person's own choices alone.
    effect(() => {
      const saved = this.saved();
      if (saved && untracked(() => this.form.pristine)) {
        untracked(() => this.cycle.start(saved.preferences));
      }
    });
  }

  protected async save(): Promise<void> {
    this.done.set(false);
    const saved = this.saved();
    if (!saved) {
      return;
    }
    const changes = changedPreferences(saved.preferences, this.form.getRawValue());
    if (!Object.keys(changes).length) {
      this.cycle.fail({ key: 'problems.no_change', params: {} });
      return;
    }
    await this.cycle.submit(
      () => this.api.updatePreferences({ preferences: changes }),
      (view) => {
        this.saved.set(view);
        this.cycle.start(view.preferences);
        this.done.set(true);
      },
    );
  }
}
