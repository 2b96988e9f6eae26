import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type AccountabilityReportView, pickText } from '@suivi/contracts';
import { LocalDatePipe } from '../core/local-format.pipes';
import { LanguageService } from '../core/language.service';
import { PageTitle } from '../core/page-title';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { RoundCompletionComponent } from '../rounds/round-completion.component';
import { AccountabilityEntryComponent } from './accountability-entry.component';
import { DialogueDatesComponent } from './dialogue-dates.component';
import { DialoguesApi } from './dialogues-api.service';

/** A dialogue's accountability report: its reporting rounds, and every commitment with its latest reports and latest round, made to be printed. */
@Component({
  selector: 'suivi-accountability-report',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    RouterLink,
    TranslocoPipe,
    LocalDatePipe,
    AccountabilityEntryComponent,
    BilingualTextComponent,
    LoadStateComponent,
    DialogueDatesComponent,
    RoundCompletionComponent,
  ],
  templateUrl: './accountability-report.component.html',
})
export class AccountabilityReportComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(DialoguesApi);
  private readonly lang = inject(LanguageService).lang;

  protected readonly report = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.report(params) });
  protected readonly view = computed<AccountabilityReportView | null>(() => (this.report.hasValue() ? this.report.value() : null));

  constructor() {
    const pageTitle = inject(PageTitle);
    effect(() => {
      const r = this.view();
      pageTitle.set(r ? pickText(r.dialogue.title, this.lang()).text : null);
    });
  }

  protected print(): void {
    window.print();
  }
}
