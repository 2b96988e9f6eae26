import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  effect,
  inject,
  input,
  output,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { type FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { type CommitmentInput, type CommitmentView, type Indicator, REGIONS, type Region, THEMES, type Theme } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { DialoguesApi } from '../dialogues/dialogues-api.service';
import {
  type BilingualGroup,
  BilingualFieldsComponent,
  bilingualErrors,
  bilingualGroup,
  fromBilingual,
  toBilingual,
} from '../shared/forms/bilingual-fields.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { datesInOrder, describedBy, fieldError, fieldErrors, formChanges } from '../shared/forms/form-errors';
import { OrganizationChecksComponent } from '../shared/forms/organization-checks.component';
import { OrganizationPickerComponent } from '../shared/forms/organization-picker.component';
import { RecommendationChecksComponent } from '../shared/forms/recommendation-checks.component';
import { SaveNoticesComponent, type SavedChange } from '../shared/forms/save-notices.component';
import { VersionedForm } from '../shared/forms/versioned-form';
import { VersionedSave, changedKeys } from '../shared/forms/versioned-save';
import { VocabularyChecksComponent } from '../shared/forms/vocabulary-checks.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { CommitmentsApi } from './commitments-api.service';

export const INDICATORS_MAX = 20;

/** A commitment in the form's shape: what an edit may change, and what a 409 compares. */
export function commitmentDraft(c: CommitmentView) {
  return {
    title: fromBilingual(c.title),
    description: fromBilingual(c.description),
    ownerId: c.owner.id,
    supportingIds: c.supporting.map((o) => o.id).sort(),
    recommendationIds: c.recommendations.map((r) => r.id).sort(),
    startDate: c.startDate ?? '',
    dueDate: c.dueDate ?? '',
    themes: [...c.themes],
    regions: [...c.regions],
    indicators: c.indicators.map((i) => ({ ...i, name: fromBilingual(i.name) })),
  };
}

export type DraftField = keyof ReturnType<typeof commitmentDraft>;

/** The fields whose value differs between two versions of a commitment. */
export function changedFields(from: CommitmentView, to: CommitmentView): DraftField[] {
  return changedKeys(commitmentDraft(from), commitmentDraft(to));
}

/** How a field someone else changed now reads. */
function savedChange(field: DraftField, c: CommitmentView): SavedChange {
  const label = `commitmentEdit.fields.${field}`;
  switch (field) {
    case 'title':
    case 'description':
      return { label, value: { kind: 'text', text: c[field] } };
    case 'ownerId':
      return { label, value: { kind: 'orgs', orgs: [c.owner] } };
    case 'supportingIds':
      return { label, value: { kind: 'orgs', orgs: c.supporting } };
    case 'recommendationIds':
      return { label, value: { kind: 'plain', text: c.recommendations.map((r) => r.code).join(', ') || null } };
    case 'startDate':
    case 'dueDate':
      return { label, value: { kind: 'date', date: c[field] } };
    case 'themes':
    case 'regions':
      return { label, value: { kind: 'tags', vocabulary: field, values: c[field] } };
    case 'indicators':
      return { label, value: { kind: 'texts', texts: c.indicators.map((i) => i.name) } };
  }
}

type IndicatorGroup = ReturnType<CommitmentEditComponent['indicatorGroup']>;

/**
 * The secretariat's form of a commitment: every field, indicators included. With a commitment it
 * edits it (behind an Edit button, with the way out of a conflicting edit made meanwhile);
 * without, it creates one in `dialogueId`.
 */
@Component({
  selector: 'suivi-commitment-edit',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    BilingualFieldsComponent,
    FieldErrorComponent,
    LoadStateComponent,
    OrganizationChecksComponent,
    OrganizationPickerComponent,
    RecommendationChecksComponent,
    SaveNoticesComponent,
    VocabularyChecksComponent,
  ],
  templateUrl: './commitment-edit.component.html',
})
export class CommitmentEditComponent extends VersionedForm<CommitmentView> {
  /** The commitment to edit; none to create one. */
  readonly commitment = input<CommitmentView | null>(null);
  /** Where a new commitment belongs. */
  readonly dialogueId = input<string | null>(null);
  readonly saved = output<CommitmentView>();

  private readonly fb = inject(NonNullableFormBuilder);
  private readonly organizationsApi = inject(OrganizationsApi);
  private readonly dialoguesApi = inject(DialoguesApi);
  private readonly api = inject(CommitmentsApi);
  private readonly lang = inject(LanguageService).lang;

  protected readonly themes = THEMES;
  protected readonly regions = REGIONS;
  protected readonly indicatorsMax = INDICATORS_MAX;
  protected readonly numberFields = ['baseline', 'target', 'current'] as const;
  protected readonly describedBy = describedBy;

  protected readonly creating = computed(() => this.commitment() === null);
  protected readonly editing = signal(false);
  protected readonly open = computed(() => this.creating() || this.editing());

  /** Read only once the form is open: the detail page's readers never load them. */
  protected readonly organizations = rxResource({
    params: () => (this.open() ? true : undefined),
    stream: () => this.organizationsApi.list(),
  });
  private readonly dialogue = computed(() => this.commitment()?.dialogueId ?? this.dialogueId());
  protected readonly recommendations = rxResource({
    params: () => (this.open() ? (this.dialogue() ?? undefined) : undefined),
    stream: ({ params }) => this.dialoguesApi.recommendations(params),
  });
  protected readonly sortedRecommendations = computed(() =>
    this.recommendations.hasValue()
      ? [...this.recommendations.value()].sort((a, b) => a.code.localeCompare(b.code, undefined, { numeric: true }))
      : [],
  );

  protected readonly form = this.fb.group(
    {
      title: bilingualGroup(this.fb, 300, true),
      description: bilingualGroup(this.fb, 10_000, false),
      ownerId: ['', Validators.required],
      supportingIds: this.fb.control<string[]>([]),
      recommendationIds: this.fb.control<string[]>([]),
      startDate: [''],
      dueDate: [''],
      themes: this.fb.control<Theme[]>([]),
      regions: this.fb.control<Region[]>([]),
      indicators: this.fb.array<IndicatorGroup>([]),
    },
    { validators: datesInOrder('startDate', 'dueDate') },
  );
  protected readonly save = new VersionedSave<CommitmentView>(this.form, changedFields);

  private readonly formState = formChanges(this.form);
  protected readonly ownerId = computed(() => {
    this.formState();
    return this.form.controls.ownerId.value;
  });
  protected readonly errors = computed(() => {
    this.formState();
    const show = this.submitted();
    const shown = (c: FormControl<unknown> | BilingualGroup) => (show ? fieldError(c) : null);
    return {
      ...fieldErrors(this.form, show),
      title: bilingualErrors(this.form.controls.title, show),
      description: bilingualErrors(this.form.controls.description, show),
      indicators: this.form.controls.indicators.controls.map((g) => ({
        name: bilingualErrors(g.controls.name, show),
        unit: shown(g.controls.unit),
        values: { baseline: shown(g.controls.baseline), target: shown(g.controls.target), current: shown(g.controls.current) },
      })),
    };
  });
  protected readonly indicatorCount = computed(() => {
    this.formState();
    return this.form.controls.indicators.length;
  });

  protected readonly formElement = viewChild<ElementRef<HTMLElement>>('formElement');

  constructor() {
    super();
    // Recommendations belong to one dialogue: choosing another drops those of the first.
    effect(() => {
      this.dialogueId();
      untracked(() => {
        if (this.creating()) {
          this.form.controls.recommendationIds.setValue([]);
        }
      });
    });
  }

  protected start(): void {
    const c = this.commitment();
    if (c) {
      this.fill(c);
      this.submitted.set(false);
      this.editing.set(true);
      this.focusFirstField();
    }
  }

  protected cancel(): void {
    this.editing.set(false);
    this.save.start(null);
  }

  protected indicatorGroup(indicator?: Indicator) {
    return this.fb.group({
      name: bilingualGroup(this.fb, 300, true),
      unit: [indicator?.unit ?? '', Validators.maxLength(40)],
      baseline: this.fb.control<number | null>(indicator?.baseline ?? null),
      target: this.fb.control<number | null>(indicator?.target ?? null),
      current: this.fb.control<number | null>(indicator?.current ?? null),
    });
  }

  protected addIndicator(): void {
    const indicators = this.form.controls.indicators;
    if (indicators.length >= INDICATORS_MAX) {
      return;
    }
    indicators.push(this.indicatorGroup());
    this.focusLater(`#commitment-indicator-${indicators.length - 1}-name-${this.lang()}`);
  }

  protected removeIndicator(index: number): void {
    this.form.controls.indicators.removeAt(index);
    this.focusLater('#commitment-add-indicator');
  }

  /** Dropping the draft closes the form on the version now saved. */
  protected override discard(): void {
    const current = this.save.discard();
    if (current) {
      this.saved.emit(current);
    }
    this.cancel();
  }

  protected describeChange(field: string, current: CommitmentView): SavedChange {
    return savedChange(field as DraftField, current);
  }

  protected send(version: number | undefined) {
    const v = this.form.getRawValue();
    const body: Omit<CommitmentInput, 'dialogueId'> = {
      title: toBilingual(v.title),
      description: toBilingual(v.description),
      ownerId: v.ownerId,
      supportingIds: v.supportingIds.filter((id) => id !== v.ownerId),
      recommendationIds: v.recommendationIds,
      themes: v.themes,
      regions: v.regions,
      startDate: v.startDate || null,
      dueDate: v.dueDate || null,
      indicators: v.indicators.map((i) => ({ ...i, name: toBilingual(i.name), unit: i.unit.trim() })),
    };
    const base = this.save.base();
    return base ? this.api.update(base.id, { ...body, version }) : this.api.create({ ...body, dialogueId: this.dialogueId() ?? '' });
  }

  protected afterSave(saved: CommitmentView): void {
    this.saved.emit(saved);
    this.editing.set(false);
  }

  protected fill(c: CommitmentView): void {
    this.save.start(c);
    const draft = commitmentDraft(c);
    const indicators = this.form.controls.indicators;
    indicators.clear({ emitEvent: false });
    for (const indicator of c.indicators) {
      indicators.push(this.indicatorGroup(indicator), { emitEvent: false });
    }
    this.form.reset(draft);
  }

  /** The bilingual fields show the reader's language first. */
  private focusFirstField(): void {
    this.focusLater(`#commitment-title-${this.lang()}`);
  }

  private focusLater(selector: string): void {
    afterNextRender(() => this.formElement()?.nativeElement.querySelector<HTMLElement>(selector)?.focus(), { injector: this.injector });
  }
}
