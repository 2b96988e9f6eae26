import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  afterNextRender,
  computed,
  inject,
  input,
  linkedSignal,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { type CommitmentView, type MilestoneInput, type MilestoneView, type Viewer, can } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { LocalDatePipe } from '../core/local-format.pipes';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import {
  BilingualFieldsComponent,
  bilingualErrors,
  bilingualGroup,
  fromBilingual,
  toBilingual,
} from '../shared/forms/bilingual-fields.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { describedBy, fieldErrors, formChanges } from '../shared/forms/form-errors';
import { SaveNoticesComponent, type SavedChange } from '../shared/forms/save-notices.component';
import { VersionedForm } from '../shared/forms/versioned-form';
import { VersionedSave, changedKeys } from '../shared/forms/versioned-save';
import { CommitmentsApi } from './commitments-api.service';
import { compareIso } from '../core/compare';

export const MILESTONE_EVIDENCE_MAX_LENGTH = 2000;

/** A milestone in the form's shape. */
export function milestoneDraft(m: MilestoneView) {
  return { title: fromBilingual(m.title), plannedDate: m.plannedDate ?? '', reachedDate: m.reachedDate ?? '', evidence: m.evidence ?? '' };
}

type MilestoneField = keyof ReturnType<typeof milestoneDraft>;

function savedChange(field: MilestoneField, m: MilestoneView): SavedChange {
  const label = `milestones.fields.${field}`;
  switch (field) {
    case 'title':
      return { label, value: { kind: 'text', text: m.title } };
    case 'plannedDate':
    case 'reachedDate':
      return { label, value: { kind: 'date', date: m[field] } };
    case 'evidence':
      return { label, value: { kind: 'plain', text: m.evidence } };
  }
}

/** Planned first (undated last), as the API lists them. */
function byPlannedDate(list: readonly MilestoneView[]): MilestoneView[] {
  return [...list].sort((a, b) => compareIso(a.plannedDate ?? '9999', b.plannedDate ?? '9999'));
}

/**
 * A commitment's dated steps, and for the owner organisation's members and the secretariat (the
 * API's rule) a form to add one or to edit one with the version read.
 */
@Component({
  selector: 'suivi-commitment-milestones',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    LocalDatePipe,
    BilingualFieldsComponent,
    BilingualTextComponent,
    FieldErrorComponent,
    SaveNoticesComponent,
  ],
  templateUrl: './commitment-milestones.component.html',
})
export class CommitmentMilestonesComponent extends VersionedForm<MilestoneView> {
  readonly commitment = input.required<CommitmentView>();
  /** As the timeline read them. */
  readonly milestones = input.required<readonly MilestoneView[]>();
  readonly viewer = input<Viewer | null>(null);
  /** A milestone added or edited here, so the page can read the timeline's history again. */
  readonly saved = output<MilestoneView>();

  private readonly api = inject(CommitmentsApi);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly lang = inject(LanguageService).lang;
  protected readonly describedBy = describedBy;
  protected readonly evidenceMax = MILESTONE_EVIDENCE_MAX_LENGTH;

  protected readonly mayKeep = computed(() => can.selfReport(this.viewer(), { ownerId: this.commitment().owner.id }));
  /** The list read, with what was saved here since. */
  protected readonly list = linkedSignal(() => byPlannedDate(this.milestones()));

  /** Whether the form shows; `save.base()` says which milestone it edits (none: a new one). */
  protected readonly open = signal(false);
  /** What the last save did, for the live region. */
  protected readonly done = signal<string | null>(null);
  protected readonly form = this.fb.group({
    title: bilingualGroup(this.fb, 300, true),
    plannedDate: [''],
    reachedDate: [''],
    evidence: ['', Validators.maxLength(MILESTONE_EVIDENCE_MAX_LENGTH)],
  });
  protected readonly save = new VersionedSave<MilestoneView>(this.form, (a, b) => changedKeys(milestoneDraft(a), milestoneDraft(b)));
  private readonly formState = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.formState();
    const show = this.submitted();
    return { ...fieldErrors(this.form, show), title: bilingualErrors(this.form.controls.title, show) };
  });

  protected readonly formElement = viewChild<ElementRef<HTMLElement>>('formElement');
  private readonly host = inject(ElementRef<HTMLElement>);

  protected isLink(evidence: string): boolean {
    return /^https?:\/\//i.test(evidence);
  }

  protected add(): void {
    this.begin(null);
  }

  protected edit(milestone: MilestoneView): void {
    this.begin(milestone);
  }

  protected close(): void {
    const editing = this.save.base();
    this.open.set(false);
    this.save.start(null);
    // Back to where the person was: the milestone's own Edit button, or Add.
    this.focusLater(editing ? `#milestone-edit-${editing.id}` : '#milestone-add');
  }

  private begin(milestone: MilestoneView | null): void {
    this.save.start(milestone);
    this.form.reset(milestone ? milestoneDraft(milestone) : { title: { en: '', fr: '' }, plannedDate: '', reachedDate: '', evidence: '' });
    this.submitted.set(false);
    this.done.set(null);
    this.open.set(true);
    this.focusLater(`#milestone-title-${this.lang()}`);
  }

  protected describeChange(field: string, current: MilestoneView): SavedChange {
    return savedChange(field as MilestoneField, current);
  }

  protected send(version: number | undefined) {
    const v = this.form.getRawValue();
    const input: MilestoneInput = {
      title: toBilingual(v.title),
      plannedDate: v.plannedDate || null,
      reachedDate: v.reachedDate || null,
      evidence: v.evidence.trim() || null,
    };
    const base = this.save.base();
    return base ? this.api.updateMilestone(base.id, { ...input, version }) : this.api.addMilestone(this.commitment().id, input);
  }

  protected afterSave(milestone: MilestoneView): void {
    const added = !this.list().some((m) => m.id === milestone.id);
    this.keep(milestone);
    this.saved.emit(milestone);
    this.open.set(false);
    this.save.start(null);
    this.done.set(added ? 'milestones.added' : 'milestones.updated');
    this.focusLater(`#milestone-${milestone.id}`);
  }

  /** The version now saved, in the list and in the form, when the person drops their draft. */
  protected fill(milestone: MilestoneView): void {
    this.keep(milestone);
    this.form.reset(milestoneDraft(milestone));
  }

  private keep(milestone: MilestoneView): void {
    this.list.update((list) => byPlannedDate([...list.filter((m) => m.id !== milestone.id), milestone]));
  }

  private focusLater(selector: string): void {
    afterNextRender(() => (this.host.nativeElement as HTMLElement).querySelector<HTMLElement>(selector)?.focus(), {
      injector: this.injector,
    });
  }
}
