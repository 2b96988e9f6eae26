import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { type RecommendationDetailView, STAKEHOLDER_GROUPS, type StakeholderGroup, THEMES, type Theme } from '@suivi/contracts';
import { DialoguesApi } from '../dialogues/dialogues-api.service';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import {
  BilingualFieldsComponent,
  bilingualErrors,
  bilingualGroup,
  fromBilingual,
  toBilingual,
} from '../shared/forms/bilingual-fields.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, fieldErrors, formChanges, notBlank } from '../shared/forms/form-errors';
import { SaveNoticesComponent, type SavedChange } from '../shared/forms/save-notices.component';
import { VersionedForm } from '../shared/forms/versioned-form';
import { VersionedSave, changedKeys } from '../shared/forms/versioned-save';
import { VocabularyChecksComponent } from '../shared/forms/vocabulary-checks.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { RecommendationsApi } from './recommendations-api.service';

/** Short letters and digits, such as R5 (the API's rule). */
export const RECOMMENDATION_CODE = /^[\p{L}\p{N}._-]+$/u;

/** What an edit may change, in the form's shape (the code and the dialogue stay as created). */
export function recommendationDraft(r: RecommendationDetailView) {
  return { text: fromBilingual(r.text), addressedTo: [...r.addressedTo], themes: [...r.themes] };
}

type RecommendationDraft = ReturnType<typeof recommendationDraft>;

function savedChange(field: keyof RecommendationDraft, r: RecommendationDetailView): SavedChange {
  const label = `recommendationForm.${field}`;
  switch (field) {
    case 'text':
      return { label, value: { kind: 'text', text: r.text } };
    case 'addressedTo':
      return { label, value: { kind: 'tags', vocabulary: 'groups', values: r.addressedTo } };
    case 'themes':
      return { label, value: { kind: 'tags', vocabulary: 'themes', values: r.themes } };
  }
}

/**
 * The secretariat adds a recommendation to a dialogue (`/dialogues/:dialogueId/recommendations/new`)
 * or edits one (`/recommendations/:id/edit`).
 */
@Component({
  selector: 'suivi-recommendation-form-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    BilingualFieldsComponent,
    BilingualTextComponent,
    FieldErrorComponent,
    LoadStateComponent,
    SaveNoticesComponent,
    VocabularyChecksComponent,
  ],
  templateUrl: './recommendation-form-page.component.html',
})
export class RecommendationFormPageComponent extends VersionedForm<RecommendationDetailView> {
  /** The route's `:id` when editing. */
  readonly id = input<string>();
  /** The route's `:dialogueId` when adding. */
  readonly dialogueId = input<string>();

  private readonly api = inject(RecommendationsApi);
  private readonly dialogues = inject(DialoguesApi);
  private readonly router = inject(Router);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly groups = STAKEHOLDER_GROUPS;
  protected readonly themes = THEMES;
  protected readonly describedBy = describedBy;

  protected readonly existing = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  /** The dialogue it belongs to, named on the page. */
  protected readonly dialogue = rxResource({
    params: () => this.dialogueId() ?? (this.existing.hasValue() ? this.existing.value().dialogueId : undefined),
    stream: ({ params }) => this.dialogues.get(params),
  });
  protected readonly ready = computed(() => this.dialogue.hasValue() && (!this.id() || this.existing.hasValue()));
  protected readonly loadError = computed(() => this.existing.error() ?? this.dialogue.error());

  protected readonly form = this.fb.group({
    code: ['', [Validators.required, notBlank, Validators.maxLength(20), Validators.pattern(RECOMMENDATION_CODE)]],
    text: bilingualGroup(this.fb, 10_000, true),
    addressedTo: this.fb.control<StakeholderGroup[]>([]),
    themes: this.fb.control<Theme[]>([]),
  });
  protected readonly save = new VersionedSave<RecommendationDetailView>(this.form, (a, b) =>
    changedKeys(recommendationDraft(a), recommendationDraft(b)),
  );

  private readonly formState = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.formState();
    const show = this.submitted();
    const errors = fieldErrors(this.form, show);
    // The client's pattern is the API's code_format: one text for both.
    const code = errors.code?.key === 'forms.errors.pattern' ? { key: 'problems.code_format', params: {} } : errors.code;
    return { ...errors, code, text: bilingualErrors(this.form.controls.text, show) };
  });

  protected readonly formElement = viewChild<ElementRef<HTMLElement>>('formElement');

  constructor() {
    super();
    this.fillWhenRead(() => (this.existing.hasValue() ? this.existing.value() : null));
  }

  protected describeChange(field: string, current: RecommendationDetailView): SavedChange {
    return savedChange(field as keyof RecommendationDraft, current);
  }

  protected send(version: number | undefined) {
    const v = this.form.getRawValue();
    const fields = { text: toBilingual(v.text), addressedTo: v.addressedTo, themes: v.themes };
    const base = this.save.base();
    if (base) {
      return this.api.update(base.id, { ...fields, version });
    }
    return this.api.create({ ...fields, dialogueId: this.dialogueId() ?? '', code: v.code.trim() });
  }

  protected async afterSave(recommendation: RecommendationDetailView): Promise<void> {
    await this.router.navigate(['/recommendations', recommendation.id]);
  }

  protected fill(recommendation: RecommendationDetailView): void {
    this.save.start(recommendation);
    this.form.reset({ code: recommendation.code, ...recommendationDraft(recommendation) });
    // The code names the recommendation in links and imports: it stays as created.
    this.form.controls.code.disable();
  }
}
