import { ChangeDetectionStrategy, Component, ElementRef, computed, inject, input, viewChild } from '@angular/core';
import { rxResource, toSignal } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { TranslocoPipe } from '@jsverse/transloco';
import { pickText } from '@suivi/contracts';
import { LanguageService } from '../core/language.service';
import { DialoguesApi } from '../dialogues/dialogues-api.service';
import { bilingualErrors } from '../shared/forms/bilingual-fields.component';
import { FormFailureComponent } from '../shared/forms/form-failure.component';
import { FormSubmit } from '../shared/forms/form-submit';
import { LoadStateComponent } from '../shared/load-state.component';
import { OrganizationsApi } from '../shared/organizations-api.service';
import { RoundFieldsComponent, type RoundFieldErrors } from './round-fields.component';
import { ROUND_FORM_TEXTS, roundForm, roundInput } from './round-form';
import { localToday } from './round-order';
import { RoundsApi } from './rounds-api.service';

/** The secretariat opens (or plans) a dialogue's reporting round: `/dialogues/:id/rounds/new`. */
@Component({
  selector: 'suivi-round-form-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, TranslocoPipe, FormFailureComponent, LoadStateComponent, RoundFieldsComponent],
  template: `
    <p class="breadcrumb">
      <a [routerLink]="['/dialogues', id()]">{{ 'rounds.backToDialogue' | transloco }}</a>
    </p>
    <h1>{{ 'rounds.form.titleNew' | transloco }}</h1>
    @if (dialogue.hasValue()) {
      <p class="lead">{{ 'rounds.form.intro' | transloco: { dialogue: dialogueTitle() } }}</p>
      <div class="form-page" #formElement>
        <p class="field-hint form-intro">{{ 'curation.requiredHint' | transloco }}</p>
        @if (cycle.failure(); as f) {
          <suivi-form-failure [failure]="f" />
        }
        <form class="form" [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <suivi-round-fields
            idp="round-new"
            [form]="form"
            [errors]="errors()"
            [closesOnRequired]="false"
            [organizations]="organizations.hasValue() ? organizations.value() : null"
            [dueOn]="dueOn()"
          />
          <div class="form-actions">
            <button type="submit" class="button" [disabled]="cycle.sending()">
              {{ (cycle.sending() ? 'common.saving' : opensToday() ? 'rounds.form.submitOpen' : 'rounds.form.submitPlan') | transloco }}
            </button>
            <a class="button button-secondary" [routerLink]="['/dialogues', id()]">{{ 'common.cancel' | transloco }}</a>
          </div>
        </form>
      </div>
    } @else {
      <suivi-load-state [error]="dialogue.error()" minHeight="30rem" (retry)="dialogue.reload()" />
    }
  `,
})
export class RoundFormPageComponent {
  /** The route's `:id`: the dialogue. */
  readonly id = input.required<string>();

  private readonly api = inject(RoundsApi);
  private readonly router = inject(Router);
  private readonly lang = inject(LanguageService).lang;
  private readonly dialogues = inject(DialoguesApi);
  private readonly organizationsApi = inject(OrganizationsApi);
  protected readonly dialogue = rxResource({ params: () => this.id(), stream: ({ params }) => this.dialogues.get(params) });
  protected readonly organizations = rxResource({ stream: () => this.organizationsApi.list() });

  protected readonly form = roundForm(inject(NonNullableFormBuilder), false);
  private readonly formElement = viewChild<ElementRef<HTMLElement>>('formElement');
  protected readonly cycle = new FormSubmit(this.form, () => this.formElement()?.nativeElement, ROUND_FORM_TEXTS);
  protected readonly errors = computed<RoundFieldErrors>(() => ({
    ...this.cycle.errors(),
    title: bilingualErrors(this.form.controls.title, this.cycle.submitted()),
  }));
  private readonly today = localToday();
  protected readonly dueOn = toSignal(this.form.controls.dueOn.valueChanges, { initialValue: '' });
  private readonly opensOn = toSignal(this.form.controls.opensOn.valueChanges, { initialValue: this.today });
  /** Today (or earlier) opens the round at once; a later day plans it. */
  protected readonly opensToday = computed(() => !this.opensOn() || this.opensOn() <= this.today);
  protected readonly dialogueTitle = computed(() =>
    this.dialogue.hasValue() ? pickText(this.dialogue.value().title, this.lang()).text : '',
  );

  constructor() {
    this.form.controls.opensOn.setValue(this.today);
  }

  protected async submit(): Promise<void> {
    await this.cycle.submit(
      () => this.api.create(this.id(), roundInput(this.form.getRawValue())),
      (round) => this.router.navigate(['/rounds', round.id]),
    );
  }
}
