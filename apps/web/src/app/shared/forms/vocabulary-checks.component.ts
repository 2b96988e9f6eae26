import { ChangeDetectionStrategy, Component, forwardRef, input } from '@angular/core';
import { NG_VALUE_ACCESSOR } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { MultiChoice } from './multi-choice';

/** Checkboxes for a list of vocabulary values (themes, regions, stakeholder groups), bound to a form control. */
@Component({
  selector: 'suivi-vocabulary-checks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => VocabularyChecksComponent), multi: true }],
  template: `
    <fieldset class="field checks checks-columns" [attr.aria-describedby]="describedBy()">
      <legend>{{ legend() | transloco }}</legend>
      <ul class="plain-list">
        @for (value of options(); track value) {
          <li>
            <label>
              <input
                type="checkbox"
                [attr.name]="idp()"
                [checked]="isChecked(value)"
                [disabled]="disabled()"
                (change)="toggle(value, $event)"
                (blur)="onTouched()"
              />
              {{ vocabulary() + '.' + value | transloco }}
            </label>
          </li>
        }
      </ul>
    </fieldset>
  `,
})
export class VocabularyChecksComponent extends MultiChoice {
  readonly idp = input.required<string>();
  readonly legend = input.required<string>();
  readonly options = input.required<readonly string[]>();
  /** The translation section of the labels. */
  readonly vocabulary = input.required<'themes' | 'regions' | 'groups'>();
  readonly describedBy = input<string | null>(null);

  protected order(): readonly string[] {
    return this.options();
  }
}
