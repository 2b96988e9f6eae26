import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, viewChild } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { DIALOGUE_STATUSES, type DialogueInput, type DialogueStatus, type DialogueView } from '@suivi/contracts';
import {
  BilingualFieldsComponent,
  bilingualErrors,
  bilingualGroup,
  fromBilingual,
  toBilingual,
} from '../shared/forms/bilingual-fields.component';
import { SaveNoticesComponent, type SavedChange } from '../shared/forms/save-notices.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { datesInOrder, describedBy, fieldErrors, formChanges } from '../shared/forms/form-errors';
import { OrganizationChecksComponent } from '../shared/forms/organization-checks.component';
import { VersionedForm } from '../shared/forms/versioned-form';
import { VersionedSave, changedKeys } from '../shared/forms/versioned-save';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { DialoguesApi } from './dialogues-api.service';

/** A dialogue in the form's shape. */
export function dialogueDraft(d: DialogueView) {
  return {
    title: fromBilingual(d.title),
    summary: fromBilingual(d.summary),
    place: d.place,
    startDate: d.startDate,
    endDate: d.endDate,
    status: d.status,
    participantIds: d.organizations.map((o) => o.id).sort(),
  };
}

export type DialogueDraft = ReturnType<typeof dialogueDraft>;

/** How the fields someone else changed now read. */
function savedChange(field: keyof DialogueDraft, d: DialogueView): SavedChange {
  const label = `dialogueForm.${field}`;
  switch (field) {
    case 'title':
    case 'summary':
      return { label, value: { kind: 'text', text: d[field] } };
    case 'place':
      return { label, value: { kind: 'plain', text: d.place } };
    case 'startDate':
    case 'endDate':
      return { label, value: { kind: 'date', date: d[field] } };
    case 'status':
      return { label, value: { kind: 'key', key: `dialogueStatus.${d.status}` } };
    case 'participantIds':
      return { label, value: { kind: 'orgs', orgs: d.organizations } };
  }
}

/** The secretariat creates a dialogue (`/dialogues/new`) or edits one (`/dialogues/:id/edit`). */
@Component({
  selector: 'suivi-dialogue-form-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    RouterLink,
    TranslocoPipe,
    BilingualFieldsComponent,
    SaveNoticesComponent,
    FieldErrorComponent,
    LoadStateComponent,
    OrganizationChecksComponent,
  ],
  templateUrl: './dialogue-form-page.component.html',
})
export class DialogueFormPageComponent extends VersionedForm<DialogueView> {
  /** The route's `:id` when editing. */
  readonly id = input<string>();

  private readonly api = inject(DialoguesApi);
  private readonly router = inject(Router);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly statuses = DIALOGUE_STATUSES;
  protected readonly describedBy = describedBy;

  private readonly organizationsApi = inject(OrganizationsApi);
  protected readonly organizations = rxResource({ stream: () => this.organizationsApi.list() });
  protected readonly existing = rxResource({ params: () => this.id(), stream: ({ params }) => this.api.get(params) });
  /** Editing waits for the dialogue; creating starts at once. */
  protected readonly ready = computed(() => !this.id() || this.existing.hasValue());

  protected readonly form = this.fb.group(
    {
      title: bilingualGroup(this.fb, 300, true),
      summary: bilingualGroup(this.fb, 10_000, false),
      place: ['', Validators.maxLength(300)],
      startDate: ['', Validators.required],
      endDate: ['', Validators.required],
      status: this.fb.control<DialogueStatus>('planned'),
      participantIds: this.fb.control<string[]>([]),
    },
    { validators: datesInOrder('startDate', 'endDate') },
  );
  protected readonly save = new VersionedSave<DialogueView>(this.form, (a, b) => changedKeys(dialogueDraft(a), dialogueDraft(b)));

  private readonly changesOfForm = formChanges(this.form);
  protected readonly errors = computed(() => {
    this.changesOfForm();
    const show = this.submitted();
    return {
      ...fieldErrors(this.form, show),
      title: bilingualErrors(this.form.controls.title, show),
      summary: bilingualErrors(this.form.controls.summary, show),
    };
  });

  protected readonly formElement = viewChild<ElementRef<HTMLElement>>('formElement');

  constructor() {
    super();
    this.fillWhenRead(() => (this.existing.hasValue() ? this.existing.value() : null));
  }

  protected describeChange(field: string, current: DialogueView): SavedChange {
    return savedChange(field as keyof DialogueDraft, current);
  }

  protected send(version: number | undefined) {
    const v = this.form.getRawValue();
    const input: DialogueInput = {
      title: toBilingual(v.title),
      summary: toBilingual(v.summary),
      place: v.place.trim(),
      startDate: v.startDate,
      endDate: v.endDate,
      status: v.status,
      participantIds: v.participantIds,
    };
    const id = this.save.base()?.id;
    return id ? this.api.update(id, { ...input, version }) : this.api.create(input);
  }

  protected async afterSave(dialogue: DialogueView): Promise<void> {
    await this.router.navigate(['/dialogues', dialogue.id]);
  }

  protected fill(dialogue: DialogueView): void {
    this.save.start(dialogue);
    this.form.reset(dialogueDraft(dialogue));
  }
}
