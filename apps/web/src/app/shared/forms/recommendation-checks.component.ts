import { ChangeDetectionStrategy, Component, forwardRef, input } from '@angular/core';
import { NG_VALUE_ACCESSOR } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { RecommendationRef } from '@suivi/contracts';
import { BilingualTextComponent } from '../bilingual-text.component';
import { MultiChoice } from './multi-choice';

/** The recommendations a commitment answers: one checkbox each, by code and text. */
@Component({
  selector: 'suivi-recommendation-checks',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe, BilingualTextComponent],
  providers: [{ provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => RecommendationChecksComponent), multi: true }],
  template: `
    <fieldset class="field checks" [attr.aria-describedby]="describedBy()">
      <legend>{{ legend() | transloco }}</legend>
      <ul class="plain-list">
        @for (r of recommendations(); track r.id) {
          <li>
            <label class="check-long">
              <input
                type="checkbox"
                [checked]="isChecked(r.id)"
                [disabled]="disabled()"
                (change)="toggle(r.id, $event)"
                (blur)="onTouched()"
              />
              <span
                ><span class="code">{{ r.code }}</span
                >&ngsp;<suivi-bi [value]="r.text"
              /></span>
            </label>
          </li>
        } @empty {
          <li class="field-hint">{{ 'commitmentEdit.noRecommendations' | transloco }}</li>
        }
      </ul>
    </fieldset>
  `,
})
export class RecommendationChecksComponent extends MultiChoice {
  readonly legend = input.required<string>();
  readonly recommendations = input.required<readonly RecommendationRef[]>();
  readonly describedBy = input<string | null>(null);

  protected order(): readonly string[] {
    return this.recommendations().map((r) => r.id);
  }
}
