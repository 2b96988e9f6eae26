import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { TranslocoPipe } from '@jsverse/transloco';
import { type Bilingual, pickText } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';

/** Shows bilingual API text in the reader's language, and marks it when it is the other one. */
@Component({
  selector: 'suivi-bi',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TranslocoPipe],
  template: `
    @let t = picked();
    <span [attr.lang]="t.lang">{{ t.text }}</span>
    @if (t.fallback) {
      <span class="lang-badge" [attr.lang]="t.lang" [title]="'fallback.' + t.lang | transloco">
        <span aria-hidden="true">{{ 'language.short.' + t.lang | transloco }}</span>
        <span class="visually-hidden">{{ 'fallback.' + t.lang | transloco }}</span>
      </span>
    }
  `,
})
export class BilingualTextComponent {
  readonly value = input.required<Bilingual | null | undefined>();
  private readonly lang = inject(LanguageService).lang;
  protected readonly picked = computed(() => pickText(this.value(), this.lang()));
}
