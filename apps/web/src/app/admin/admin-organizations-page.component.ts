import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  inject,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { type AbstractControl, NonNullableFormBuilder, ReactiveFormsModule, type ValidationErrors, Validators } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import { type OrganizationInput, type OrganizationView, STAKEHOLDER_GROUPS, type StakeholderGroup, pickText } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { BilingualTextComponent } from '../shared/bilingual-text.component';
import { DialogComponent } from '../shared/dialog.component';
import { FocalPointsComponent } from '../shared/focal-points.component';
import { FieldErrorComponent } from '../shared/forms/field-error.component';
import { type FormTexts, describedBy } from '../shared/forms/form-errors';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { IllustrativeBadgeComponent } from '../shared/illustrative-badge.component';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { AdminNavComponent } from './admin-nav.component';

export const NAME_MAX_LENGTH = 200;
export const ACRONYM_MAX_LENGTH = 30;

/** A name in at least one language (DESIGN.md: bilingual text has at least one language). */
function someName(group: AbstractControl): ValidationErrors | null {
  const { nameEn, nameFr } = group.value as { nameEn?: string; nameFr?: string };
  return nameEn?.trim() || nameFr?.trim() ? null : { oneLanguage: true };
}

/** The version the API sends with an organisation (not in the contract type): sent back, a stale edit is a 409. */
function versionOf(organization: OrganizationView): number | undefined {
  const version = (organization as OrganizationView & { version?: unknown }).version;
  return typeof version === 'number' ? version : undefined;
}

/** The API's fields of the name, and the controls they belong to; a missing name says so as the form does. */
const TEXTS: FormTexts = {
  aliases: { name: 'nameEn', 'name.en': 'nameEn', 'name.fr': 'nameFr' },
  fields: { name: { one_language: 'forms.errors.oneLanguage' } },
};

@Component({
  selector: 'suivi-admin-organizations-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [
    ReactiveFormsModule,
    TranslocoPipe,
    AdminNavComponent,
    BilingualTextComponent,
    DialogComponent,
    FieldErrorComponent,
    FocalPointsComponent,
    FormFailureComponent,
    IllustrativeBadgeComponent,
    LoadStateComponent,
  ],
  templateUrl: './admin-organizations-page.component.html',
})
export class AdminOrganizationsPageComponent {
  private readonly api = inject(OrganizationsApi);
  private readonly lang = inject(LanguageService).lang;
  private readonly injector = inject(Injector);

  protected readonly groups = STAKEHOLDER_GROUPS;
  protected readonly describedBy = describedBy;

  protected readonly list = rxResource({ stream: () => this.api.list() });
  /** The organisations on screen; a save updates them without reloading. */
  protected readonly organizations = linkedSignal(() => (this.list.hasValue() ? this.list.value() : null));
  protected readonly byGroup = computed(() => {
    const lang = this.lang();
    const all = this.organizations() ?? [];
    return STAKEHOLDER_GROUPS.map((group) => ({
      group,
      organizations: all
        .filter((o) => o.group === group)
        .sort((a, b) => pickText(a.name, lang).text.localeCompare(pickText(b.name, lang).text, lang)),
    })).filter((g) => g.organizations.length > 0);
  });

  /** The organisation being edited; null while creating one. */
  protected readonly editing = signal<OrganizationView | null>(null);
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      nameEn: ['', Validators.maxLength(NAME_MAX_LENGTH)],
      nameFr: ['', Validators.maxLength(NAME_MAX_LENGTH)],
      acronym: ['', Validators.maxLength(ACRONYM_MAX_LENGTH)],
      group: ['' as StakeholderGroup | '', Validators.required],
    },
    { validators: someName },
  );
  protected readonly saved = signal<{ key: string; name: string } | null>(null);
  private readonly formElement = viewChild.required<ElementRef<HTMLElement>>('orgForm');
  protected readonly cycle = new FormSubmit(this.form, () => this.formElement().nativeElement, TEXTS);
  protected readonly errors = computed(() => {
    const errors = this.cycle.errors();
    const missingName = this.cycle.submitted() && this.form.hasError('oneLanguage');
    return { ...errors, nameEn: errors.nameEn ?? (missingName ? { key: 'forms.errors.oneLanguage', params: {} } : null) };
  });

  /** The organisation whose focal points the dialog shows. */
  protected readonly focalOf = signal<OrganizationView | null>(null);
  private readonly focalDialog = viewChild.required<DialogComponent>('focalDialog');
  protected readonly focalHeading = computed(() => {
    const org = this.focalOf();
    return org ? (org.acronym ?? pickText(org.name, this.lang()).text) : '';
  });

  protected showFocalPoints(organization: OrganizationView): void {
    this.focalOf.set(organization);
    this.focalDialog().open();
  }

  protected edit(organization: OrganizationView): void {
    this.editing.set(organization);
    this.form.reset({
      nameEn: organization.name.en ?? '',
      nameFr: organization.name.fr ?? '',
      acronym: organization.acronym ?? '',
      group: organization.group,
    });
    this.cycle.start();
    this.saved.set(null);
    // Focus scrolls the form, at the top of the page, into view.
    afterNextRender(() => this.formElement().nativeElement.querySelector<HTMLElement>('#org-name-en')?.focus(), {
      injector: this.injector,
    });
  }

  protected cancel(): void {
    this.editing.set(null);
    this.cycle.start({ nameEn: '', nameFr: '', acronym: '', group: '' });
  }

  protected async submit(): Promise<void> {
    this.saved.set(null);
    if (!this.cycle.check()) {
      return;
    }
    const { nameEn, nameFr, acronym, group } = this.form.getRawValue();
    const input: OrganizationInput = {
      name: { ...(nameEn.trim() ? { en: nameEn.trim() } : {}), ...(nameFr.trim() ? { fr: nameFr.trim() } : {}) },
      acronym: acronym.trim() || null,
      group: group as StakeholderGroup,
    };
    const editing = this.editing();
    await this.cycle.send(
      () => (editing ? this.api.update(editing.id, { ...input, version: versionOf(editing) }) : this.api.create(input)),
      (saved) => {
        this.organizations.update((all) =>
          all?.some((o) => o.id === saved.id) ? all.map((o) => (o.id === saved.id ? saved : o)) : [...(all ?? []), saved],
        );
        this.cancel();
        this.saved.set({
          key: editing ? 'admin.organizations.updated' : 'admin.organizations.created',
          name: pickText(saved.name, this.lang()).text,
        });
      },
    );
  }
}
