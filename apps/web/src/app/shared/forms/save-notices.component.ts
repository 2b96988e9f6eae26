import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import type { Bilingual, OrganizationRef } from '@suivi/contracts';
import { LocalDatePipe } from '../../core/local-format.pipes';
import { BilingualTextComponent } from '../bilingual-text.component';
import { OrgNameComponent } from '../org-name.component';
import { VocabularyTagsComponent } from '../vocabulary-tags.component';
import type { Signal } from '@angular/core';
import type { Failure } from './form-errors';
import { FormFailureComponent } from './form-failure.component';

/** What the notices read of a save (a VersionedSave): its failure, its conflict, whether it is sending. */
export interface SaveState {
  failure: Signal<Failure | null>;
  conflict: Signal<unknown>;
  sending: Signal<boolean>;
}

/** A value as now saved, in a form the notice knows how to show in the reader's language. */
export type SavedValue =
  | { kind: 'text'; text: Bilingual }
  | { kind: 'plain'; text: string | null }
  | { kind: 'date'; date: string | null }
  | { kind: 'key'; key: string }
  | { kind: 'tags'; vocabulary: 'themes' | 'regions' | 'groups'; values: readonly string[] }
  | { kind: 'orgs'; orgs: readonly OrganizationRef[] }
  | { kind: 'texts'; texts: readonly Bilingual[] };

/** A field someone else changed: its label (a translation key) and its value now. */
export interface SavedChange {
  label: string;
  value: SavedValue;
}

/**
 * What became of a save, above its form: a failure that names no field, or a stale edit — what
 * someone else changed while the person was editing, and the choice to re-apply their draft on
 * the version now saved, or to drop it. Both take the focus class the forms move focus to.
 */
@Component({
  selector: 'suivi-save-notices',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormFailureComponent, TranslocoPipe, LocalDatePipe, BilingualTextComponent, OrgNameComponent, VocabularyTagsComponent],
  template: `
    @if (save().failure(); as f) {
      <suivi-form-failure [failure]="f" />
    }
    @if (save().conflict()) {
      <div class="notice notice-warning form-failure" role="alert" tabindex="-1">
        <p class="notice-title">{{ 'conflict.saved.' + subject() | transloco }}</p>
        @if (changes().length) {
          <p>{{ 'conflict.changedMeanwhile' | transloco }}</p>
          <dl class="meta">
            @for (change of changes(); track change.label) {
              <div>
                <dt>{{ change.label | transloco }}</dt>
                <dd>
                  @let v = change.value;
                  @switch (v.kind) {
                    @case ('text') {
                      <suivi-bi [value]="v.text" />
                    }
                    @case ('plain') {
                      {{ v.text || ('common.notSet' | transloco) }}
                    }
                    @case ('date') {
                      {{ (v.date | localDate) ?? ('common.notSet' | transloco) }}
                    }
                    @case ('key') {
                      {{ v.key | transloco }}
                    }
                    @case ('tags') {
                      <suivi-vocabulary-tags [values]="v.values" [vocabulary]="v.vocabulary" />
                    }
                    @case ('orgs') {
                      @for (org of v.orgs; track org.id) {
                        <suivi-org-name [org]="org" />{{ $last ? '' : ', ' }}
                      } @empty {
                        {{ 'common.none' | transloco }}
                      }
                    }
                    @case ('texts') {
                      @for (t of v.texts; track $index) {
                        <suivi-bi [value]="t" />{{ $last ? '' : '; ' }}
                      } @empty {
                        {{ 'common.none' | transloco }}
                      }
                    }
                  }
                </dd>
              </div>
            }
          </dl>
        } @else {
          <p>{{ 'conflict.otherFields' | transloco }}</p>
        }
        <div class="form-actions">
          <button type="button" class="button" [disabled]="save().sending()" (click)="reapply.emit()">
            {{ 'conflict.reapply' | transloco }}
          </button>
          <button type="button" class="button button-secondary" [disabled]="save().sending()" (click)="discard.emit()">
            {{ 'conflict.discard' | transloco }}
          </button>
        </div>
      </div>
    }
  `,
})
export class SaveNoticesComponent {
  readonly save = input.required<SaveState>();
  /** What was edited: 'commitment', 'dialogue', 'recommendation' or 'milestone' (the sentence differs by grammar in French). */
  readonly subject = input.required<'commitment' | 'dialogue' | 'recommendation' | 'milestone'>();
  /** The fields someone else changed, as they now read. */
  readonly changes = input<readonly SavedChange[]>([]);
  readonly reapply = output();
  readonly discard = output();
}
