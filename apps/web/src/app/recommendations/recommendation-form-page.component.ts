import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
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
import { describedBy, fieldErrors, focusFirstProblem, formChanges, notBlank } from '../shared/forms/form-errors';
import { SaveNoticesComponent, type SavedChange } from '../shared/forms/save-notices.component';
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
export class RecommendationFormPageComponent {
  /** The route's `:id` when editing. */
  readonly id = input<string>();
  /** The route's `:dialogueId` when adding. */
  readonly dialogueId = input<string>();

  private readonly api = inject(RecommendationsApi);
  private readonly dialogues = inject(DialoguesApi);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
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
  protected readonly changes = computed(() => {
    const conflict = this.save.conflict();
    return conflict ? conflict.fields.map((f) => savedChange(f as keyof RecommendationDraft, conflict.current)) : [];
  });

  private readonly submitted = signal(false);
  private readonly formState = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.formState();
    const show = this.submitted();
    const errors = fieldErrors(this.form, show);
    // The API's pattern message says the same as the client's: one text for both.
    const code = errors.code?.key === 'pattern' ? { key: 'codeFormat', params: {} } : errors.code;
    return { ...errors, code, text: bilingualErrors(this.form.controls.text, show) };
  });

  private readonly formElement = viewChild<ElementRef<HTMLElement>>('formElement');

  constructor() {
    effect(() => {
      const recommendation = this.existing.hasValue() ? this.existing.value() : null;
      untracked(() => {
        if (recommendation && this.save.base()?.id !== recommendation.id) {
          this.fill(recommendation);
        }
      });
    });
  }

  protected async submit(): Promise<void> {
    this.submitted.set(true);
    if (this.form.invalid) {
      this.focusProblem();
      return;
    }
    await this.saved(await this.save.save((version) => this.send(version)));
  }

  protected async reapply(): Promise<void> {
    await this.saved(await this.save.reapply((version) => this.send(version)));
  }

  protected discard(): void {
    const current = this.save.discard();
    if (current) {
      this.fill(current);
    }
  }

  private send(version: number | undefined) {
    const v = this.form.getRawValue();
    const fields = { text: toBilingual(v.text), addressedTo: v.addressedTo, themes: v.themes };
    const base = this.save.base();
    if (base) {
      return this.api.update(base.id, { ...fields, version });
    }
    return this.api.create({ ...fields, dialogueId: this.dialogueId() ?? '', code: v.code.trim() });
  }

  private async saved(recommendation: RecommendationDetailView | null): Promise<void> {
    if (recommendation) {
      await this.router.navigate(['/recommendations', recommendation.id]);
    } else {
      this.focusProblem();
    }
  }

  private fill(recommendation: RecommendationDetailView): void {
    this.save.start(recommendation);
    this.form.reset({ code: recommendation.code, ...recommendationDraft(recommendation) });
    // The code names the recommendation in links and imports: it stays as created.
    this.form.controls.code.disable();
  }

  private focusProblem(): void {
    const root = this.formElement()?.nativeElement;
    if (root) {
      focusFirstProblem(root, this.injector);
    }
  }
}
