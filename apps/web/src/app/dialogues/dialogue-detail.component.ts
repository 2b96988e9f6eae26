import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type DialogueView, STAKEHOLDER_GROUPS, pickText } from '@suivi/contracts';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { PageTitle } from '../core/page-title';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { FollowButtonComponent } from '../shared/follow/follow-button.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrgNameComponent } from '../shared/org-name.component';
import { StatusBarComponent } from '../shared/status-bar.component';
import { DiscussionPanelComponent } from '../discussion/discussion-panel.component';
import { DialogueRoundsComponent } from '../rounds/dialogue-rounds.component';
import { DialogueDatesComponent } from './dialogue-dates.component';
import { DialoguesApi } from './dialogues-api.service';
import { VocabularyTagsComponent } from '../shared/vocabulary-tags.component';

@Component({
  selector: 'suivi-dialogue-detail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    DiscussionPanelComponent,
    VocabularyTagsComponent,
    RouterLink,
    TranslocoPipe,
    BilingualTextComponent,
    FollowButtonComponent,
    LoadStateComponent,
    OrgNameComponent,
    StatusBarComponent,
    DialogueDatesComponent,
    DialogueRoundsComponent,
  ],
  templateUrl: './dialogue-detail.component.html',
})
export class DialogueDetailComponent {
  /** The route's `:id`. */
  readonly id = input.required<string>();

  private readonly api = inject(DialoguesApi);
  protected readonly mayCurate = inject(AuthService).mayCurate;
  private readonly lang = inject(LanguageService).lang;

  protected readonly dialogue = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  protected readonly recommendations = rxResource({
    params: () => this.id(),
    stream: ({ params }) => this.api.recommendations(params),
  });

  protected readonly view = computed<DialogueView | null>(() => (this.dialogue.hasValue() ? this.dialogue.value() : null));

  /** Participants by stakeholder group, in the vocabulary's order, sorted by name within a group. */
  protected readonly participants = computed(() => {
    const lang = this.lang();
    const orgs = this.view()?.organizations ?? [];
    const label = (o: DialogueView['organizations'][number]) => o.acronym ?? pickText(o.name, lang).text;
    return STAKEHOLDER_GROUPS.map((group) => ({
      group,
      organizations: orgs.filter((o) => o.group === group).sort((a, b) => label(a).localeCompare(label(b), lang)),
    })).filter((g) => g.organizations.length > 0);
  });

  protected readonly recommendationList = computed(() =>
    this.recommendations.hasValue()
      ? [...this.recommendations.value()].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }))
      : null,
  );

  constructor() {
    const pageTitle = inject(PageTitle);
    effect(() => {
      const d = this.view();
      pageTitle.set(d ? pickText(d.title, this.lang()).text : null);
    });
  }
}
