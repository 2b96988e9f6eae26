import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { ReactiveFormsModule } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { addDays, ROUND_CLOSES_AFTER_DAYS, THEMES, type OrganizationRef } from '@suivi/contracts';
import { LocalDatePipe } from '../core/local-format.pipes';
import { BilingualFieldsComponent, type BilingualErrors } from '../shared/forms/bilingual-fields.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { type FieldError, describedBy } from '../shared/forms/form-errors';
import { OrganizationChecksComponent } from '../shared/forms/organization-checks.component';
import { VocabularyChecksComponent } from '../shared/forms/vocabulary-checks.component';
import type { RoundForm } from './round-form';

export type RoundFieldErrors = { [K in Exclude<keyof RoundForm['controls'], 'title'>]: FieldError | null } & { title: BilingualErrors };

/**
 * The fields of a round. `fixed` (an open round) shows only what may still change: the title and
 * the dates due and closing; the rest was frozen when it opened.
 */
@Component({
  selector: 'suivi-round-fields',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    LocalDatePipe,
    BilingualFieldsComponent,
    FieldErrorComponent,
    OrganizationChecksComponent,
    VocabularyChecksComponent,
  ],
  template: `
    @let e = errors();
    @let p = idp();
    <div class="round-fields" [formGroup]="form()">
      <suivi-bilingual-fields
        [idp]="p + '-title'"
        legend="rounds.form.title"
        [group]="form().controls.title"
        [required]="true"
        [errors]="e.title"
      />
      @if (fixed()) {
        <p class="field-hint">{{ 'rounds.edit.fixedHint' | transloco }}</p>
      } @else {
        <div class="field">
          <label [for]="p + '-opens'"
            >{{ 'rounds.form.opensOn' | transloco }} <span class="required-mark">{{ 'forms.required' | transloco }}</span></label
          >
          <p class="field-hint" [id]="p + '-opens-hint'">{{ 'rounds.form.opensOnHint' | transloco }}</p>
          <input
            [id]="p + '-opens'"
            type="date"
            formControlName="opensOn"
            [attr.aria-invalid]="e.opensOn ? true : null"
            [attr.aria-describedby]="describedBy(p + '-opens', e.opensOn, true)"
          />
          <suivi-field-error [controlId]="p + '-opens'" [error]="e.opensOn" />
        </div>
      }
      <div class="form-row">
        <div class="field">
          <label [for]="p + '-due'"
            >{{ 'rounds.form.dueOn' | transloco }} <span class="required-mark">{{ 'forms.required' | transloco }}</span></label
          >
          <input
            [id]="p + '-due'"
            type="date"
            formControlName="dueOn"
            [attr.aria-invalid]="e.dueOn ? true : null"
            [attr.aria-describedby]="describedBy(p + '-due', e.dueOn)"
          />
          <suivi-field-error [controlId]="p + '-due'" [error]="e.dueOn" />
        </div>
        <div class="field">
          <label [for]="p + '-closes'"
            >{{ 'rounds.form.closesOn' | transloco }}
            @if (closesOnRequired()) {
              <span class="required-mark">{{ 'forms.required' | transloco }}</span>
            }
          </label>
          @if (!closesOnRequired()) {
            <p class="field-hint" [id]="p + '-closes-hint'">
              @if (defaultClose(); as day) {
                {{ 'rounds.form.closesOnDefault' | transloco: { days: closeAfter, date: (day | localDate) } }}
              } @else {
                {{ 'rounds.form.closesOnHint' | transloco: { days: closeAfter } }}
              }
            </p>
          }
          <input
            [id]="p + '-closes'"
            type="date"
            formControlName="closesOn"
            [attr.aria-invalid]="e.closesOn ? true : null"
            [attr.aria-describedby]="describedBy(p + '-closes', e.closesOn, !closesOnRequired())"
          />
          <suivi-field-error [controlId]="p + '-closes'" [error]="e.closesOn" />
        </div>
      </div>
      @if (!fixed()) {
        <div class="field checks">
          <label class="check-long">
            <input
              type="checkbox"
              formControlName="inviteAssessments"
              [attr.aria-invalid]="e.inviteAssessments ? true : null"
              [attr.aria-describedby]="describedBy(p + '-invite', e.inviteAssessments, true)"
            />
            <span>{{ 'rounds.form.invite' | transloco }}</span>
          </label>
          <p class="field-hint" [id]="p + '-invite-hint'">{{ 'rounds.form.inviteHint' | transloco }}</p>
          <suivi-field-error [controlId]="p + '-invite'" [error]="e.inviteAssessments" />
        </div>
        <fieldset class="field-group">
          <legend>{{ 'rounds.form.scope' | transloco }}</legend>
          <p class="field-hint">{{ 'rounds.form.scopeHint' | transloco }}</p>
          <suivi-vocabulary-checks
            [idp]="p + '-themes'"
            legend="rounds.form.themes"
            vocabulary="themes"
            [options]="themes"
            formControlName="themes"
            [describedBy]="e.themes ? p + '-themes-error' : null"
          />
          <suivi-field-error [controlId]="p + '-themes'" [error]="e.themes" />
          @if (organizations(); as orgs) {
            <suivi-organization-checks
              [idp]="p + '-owners'"
              legend="rounds.form.owners"
              formControlName="ownerIds"
              [organizations]="orgs"
              [describedBy]="e.ownerIds ? p + '-owners-error' : null"
            />
            <suivi-field-error [controlId]="p + '-owners'" [error]="e.ownerIds" />
          }
        </fieldset>
      }
    </div>
  `,
  styles: `
    .round-fields {
      display: grid;
      gap: var(--space-3);
    }
    .check-long {
      display: flex;
      gap: var(--space-2);
    }
    .check-long input {
      width: 1.25rem;
      height: 1.25rem;
    }
  `,
})
export class RoundFieldsComponent {
  readonly form = input.required<RoundForm>();
  readonly errors = input.required<RoundFieldErrors>();
  /** Prefix of the inputs' ids, so that two forms on one page never share one. */
  readonly idp = input('round');
  readonly fixed = input(false);
  readonly closesOnRequired = input(true);
  /** Owner organisations to narrow the scope by; null while they load. */
  readonly organizations = input<readonly OrganizationRef[] | null>(null);
  /** The due date the form holds now, to say when the round closes by default. */
  readonly dueOn = input<string>('');

  protected readonly themes = THEMES;
  protected readonly closeAfter = ROUND_CLOSES_AFTER_DAYS;
  protected readonly describedBy = describedBy;
  protected readonly defaultClose = computed(() =>
    /^\d{4}-\d{2}-\d{2}$/.test(this.dueOn()) ? addDays(this.dueOn(), ROUND_CLOSES_AFTER_DAYS) : null,
  );
}
