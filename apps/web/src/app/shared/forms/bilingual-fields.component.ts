import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import {
  type AbstractControl,
  type FormControl,
  type FormGroup,
  type NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Bilingual, Locale } from '@suivi/contracts';
import { LanguageService } from '../../core/language.service';
import { FieldErrorComponent } from './field-error.component';
import { type FieldError, describedBy, fieldError, notBlank } from './form-errors';

export type BilingualGroup = FormGroup<{ en: FormControl<string>; fr: FormControl<string> }>;

/** Bilingual text needs one of its two languages (the API's rule too). */
export function someLanguage(group: AbstractControl): ValidationErrors | null {
  const { en, fr } = group.value as { en?: string; fr?: string };
  return en?.trim() || fr?.trim() ? null : { someLanguage: true };
}

/** A pair of controls for one text; `required` asks for at least one language. */
export function bilingualGroup(fb: NonNullableFormBuilder, maxLength: number, required: boolean): BilingualGroup {
  const each = [notBlank, Validators.maxLength(maxLength)];
  return fb.group({ en: ['', each], fr: ['', each] }, { validators: required ? someLanguage : [] });
}

/** The form's value of a text: both languages, empty where missing. */
export function fromBilingual(value: Bilingual | null | undefined): { en: string; fr: string } {
  return { en: value?.en ?? '', fr: value?.fr ?? '' };
}

/** What the API takes: the languages given, trimmed; none when both are empty. */
export function toBilingual(value: { en?: string; fr?: string }): Bilingual {
  const en = value.en?.trim();
  const fr = value.fr?.trim();
  return { ...(en ? { en } : {}), ...(fr ? { fr } : {}) };
}

/** The messages of a bilingual field: the pair's own (neither language given) and each language's. */
export interface BilingualErrors {
  both: FieldError | null;
  en: FieldError | null;
  fr: FieldError | null;
}

export function bilingualErrors(group: BilingualGroup, show: boolean): BilingualErrors {
  if (!show) {
    return { both: null, en: null, fr: null };
  }
  return { both: fieldError(group), en: fieldError(group.controls.en), fr: fieldError(group.controls.fr) };
}

/**
 * One text in English and French: a fieldset whose legend names the text, an input (or a textarea)
 * per language, one under the other (titles are long), the reader's language first. Its ids are
 * `<idp>-en` and `<idp>-fr`; the message for the pair is `<idp>-error`.
 */
@Component({
  selector: 'suivi-bilingual-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, FieldErrorComponent],
  template: `
    @let e = errors();
    <fieldset class="field-group" [formGroup]="group()" [attr.aria-describedby]="hint() ? idp() + '-hint' : null">
      <legend>
        {{ legend() | transloco }}
        @if (required()) {
          <span class="required-mark">{{ 'forms.required' | transloco }}</span>
        }
      </legend>
      @if (hint(); as h) {
        <p class="field-hint" [id]="idp() + '-hint'">{{ h | transloco }}</p>
      }
      <suivi-field-error [controlId]="idp()" [error]="e.both" />
      <div class="field-stack">
        @for (lang of langs(); track lang) {
          @let id = idp() + '-' + lang;
          @let own = e[lang];
          <div class="field">
            <label [for]="id">{{ 'bilingual.' + lang | transloco: { field: (legend() | transloco) } }}</label>
            @if (multiline()) {
              <textarea
                [id]="id"
                [attr.lang]="lang"
                rows="4"
                [formControlName]="lang"
                [attr.aria-invalid]="own || e.both ? true : null"
                [attr.aria-describedby]="describedBy(id, own) ?? (e.both ? idp() + '-error' : null)"
              ></textarea>
            } @else {
              <input
                type="text"
                [id]="id"
                [attr.lang]="lang"
                [formControlName]="lang"
                [attr.aria-invalid]="own || e.both ? true : null"
                [attr.aria-describedby]="describedBy(id, own) ?? (e.both ? idp() + '-error' : null)"
              />
            }
            <suivi-field-error [controlId]="id" [error]="own" />
          </div>
        }
      </div>
    </fieldset>
  `,
})
export class BilingualFieldsComponent {
  readonly group = input.required<BilingualGroup>();
  readonly idp = input.required<string>();
  /** Translation key of the text's name ("Title"). */
  readonly legend = input.required<string>();
  readonly hint = input<string | null>(null);
  readonly multiline = input(false);
  readonly required = input(false);
  readonly errors = input<BilingualErrors>({ both: null, en: null, fr: null });

  private readonly lang = inject(LanguageService).lang;
  /** The reader's language first: the one most people here will fill in. */
  protected readonly langs = computed<Locale[]>(() => (this.lang() === 'fr' ? ['fr', 'en'] : ['en', 'fr']));
  protected readonly describedBy = describedBy;
}
