import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  input,
  linkedSignal,
  signal,
  viewChild,
} from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { TranslocoPipe } from '@jsverse/transloco';
import type { FocalPointsView } from '@suivi/contracts';
import { SayPipe } from '../core/say.pipe';
import { FieldErrorComponent } from './forms/field-error.component';
import { requestFailure } from './forms/form-errors';
import { FormFailureComponent } from './forms/form-failure.component';
import { FormSubmit } from './forms/form-submit';
import { OrganizationsApi } from './organizations-api.service';

let nextId = 0;

/**
 * An organisation's focal points (DESIGN.md, "Focal points"): the members who receive its
 * requests, or, with none chosen, every active member. Its members and the secretariat see them
 * and choose them among the organisation's active members; anyone else is refused by code.
 */
@Component({
  selector: 'suivi-focal-points',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, TranslocoPipe, SayPipe, FieldErrorComponent, FormFailureComponent],
  template: `
    @if (shown(); as v) {
      @if (v.focalPoints.length) {
        <p>{{ 'work.focalPoints.chosen' | transloco }}</p>
        <ul class="plain-list focal-points">
          @for (f of v.focalPoints; track f.id) {
            <li>{{ f.name }}</li>
          }
        </ul>
      } @else {
        <p class="focal-points-none">{{ 'work.focalPoints.none' | transloco }}</p>
      }
      <p class="form-status" role="status">
        @if (saved()) {
          {{ 'work.focalPoints.saved' | transloco }}
        }
      </p>
      @if (editing()) {
        @let e = cycle.errors();
        <form #focalForm class="form" [formGroup]="form" (ngSubmit)="save()" novalidate>
          @if (cycle.failure(); as f) {
            <suivi-form-failure [failure]="f" />
          }
          <fieldset class="field checks" [attr.aria-describedby]="idp + '-hint'">
            <legend>{{ 'work.focalPoints.legend' | transloco }}</legend>
            <p class="field-hint" [id]="idp + '-hint'">{{ 'work.focalPoints.hint' | transloco }}</p>
            @for (m of v.members; track m.id; let first = $first) {
              <label>
                <input
                  type="checkbox"
                  [checked]="chosen().has(m.id)"
                  (change)="toggle(m.id, $event)"
                  [attr.aria-invalid]="e.userIds && first ? true : null"
                  [attr.aria-describedby]="e.userIds ? idp + '-members-error' : null"
                />
                {{ m.name }}
              </label>
            } @empty {
              <p>{{ 'work.focalPoints.noMembers' | transloco }}</p>
            }
            <suivi-field-error [controlId]="idp + '-members'" [error]="e.userIds" />
          </fieldset>
          <div class="form-actions">
            <button type="submit" class="button" [disabled]="cycle.sending()">
              {{ (cycle.sending() ? 'common.saving' : 'work.focalPoints.save') | transloco }}
            </button>
            <button type="button" class="button button-secondary" (click)="stopEditing()">{{ 'common.cancel' | transloco }}</button>
          </div>
        </form>
      } @else {
        <button #choose type="button" class="button button-secondary" (click)="edit()">{{ 'work.focalPoints.choose' | transloco }}</button>
      }
    } @else if (view.error(); as error) {
      <div class="notice notice-error" role="alert">
        <p>{{ failure(error) | say }}</p>
        <button type="button" class="button button-secondary" (click)="view.reload()">{{ 'common.retry' | transloco }}</button>
      </div>
    } @else {
      <p class="muted" role="status">{{ 'common.loading' | transloco }}</p>
    }
  `,
})
export class FocalPointsComponent {
  readonly organizationId = input.required<string>();

  private readonly api = inject(OrganizationsApi);
  protected readonly idp = `focal-points-${++nextId}`;
  protected readonly view = rxResource({ params: () => this.organizationId(), stream: ({ params }) => this.api.focalPoints(params) });
  /** What the page shows: the last read, or the list as the last save left it. */
  protected readonly shown = linkedSignal<FocalPointsView | null>(() => (this.view.hasValue() ? this.view.value() : null));
  protected readonly editing = signal(false);
  protected readonly saved = signal(false);
  protected readonly form = inject(NonNullableFormBuilder).group({ userIds: [[] as string[]] });
  private readonly formElement = viewChild<ElementRef<HTMLFormElement>>('focalForm');
  protected readonly cycle = new FormSubmit(this.form, () => this.formElement()?.nativeElement);
  protected readonly chosen = signal<ReadonlySet<string>>(new Set());
  private readonly chooseButton = viewChild<ElementRef<HTMLButtonElement>>('choose');
  private readonly injector = inject(Injector);
  protected readonly failure = requestFailure;

  protected edit(): void {
    const ids = (this.shown()?.focalPoints ?? []).map((f) => f.id);
    this.chosen.set(new Set(ids));
    this.cycle.start({ userIds: ids });
    this.saved.set(false);
    this.editing.set(true);
  }

  protected toggle(id: string, event: Event): void {
    const next = new Set(this.chosen());
    if ((event.target as HTMLInputElement).checked) {
      next.add(id);
    } else {
      next.delete(id);
    }
    this.chosen.set(next);
    this.form.controls.userIds.setValue([...next]);
  }

  protected async save(): Promise<void> {
    this.saved.set(false);
    await this.cycle.submit(
      () => this.api.setFocalPoints(this.organizationId(), { userIds: this.form.getRawValue().userIds }),
      (view) => {
        this.shown.set(view);
        this.saved.set(true);
        this.stopEditing();
      },
    );
  }

  /** The form goes: focus goes back to the button that opened it, not to the page's start. */
  protected stopEditing(): void {
    this.editing.set(false);
    afterNextRender(() => this.chooseButton()?.nativeElement.focus(), { injector: this.injector });
  }
}
