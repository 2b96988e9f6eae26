import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, ElementRef, inject } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Subject } from 'rxjs';
import { apiError, problem, settle, textOf, type } from '../../../testing/accounts';
import { translocoTesting } from '../../../testing/i18n-testing';
import { LanguageService } from '../../core/language.service';
import { FieldErrorComponent } from './field-error.component';
import { FormFailureComponent } from './form-failure.component';
import { FormSubmit } from './form-submit';

/** A form as the pages write one: a field with its message, the failure above, a button that says it is sending. */
@Component({
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, FieldErrorComponent, FormFailureComponent],
  template: `
    @let e = cycle.errors();
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      @if (cycle.failure(); as f) {
        <suivi-form-failure [failure]="f" />
      }
      <input id="reason" formControlName="reason" [attr.aria-invalid]="e.reason ? true : null" />
      <suivi-field-error controlId="reason" [error]="e.reason" />
      <button type="submit" [disabled]="cycle.sending()">{{ cycle.sending() ? 'Sending' : 'Send' }}</button>
    </form>
  `,
})
class ReasonFormComponent {
  readonly form = inject(NonNullableFormBuilder).group({ reason: ['', [Validators.required, Validators.maxLength(20)]] });
  readonly cycle = new FormSubmit(this.form, () => this.host.nativeElement, {
    fields: { reason: { too_short: 'forms.errors.mismatch' } },
    failures: { conflict: 'verify.already' },
  });
  readonly answers: string[] = [];
  readonly refusals: unknown[] = [];
  request = new Subject<string>();
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  submit(): Promise<boolean> {
    return this.cycle.submit(
      () => this.request,
      (answer) => this.answers.push(answer),
      { onError: (error) => this.refusals.push(error) },
    );
  }
}

describe(FormSubmit.name, () => {
  let fixture: ComponentFixture<ReasonFormComponent>;
  let sut: ReasonFormComponent;
  let el: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ imports: [ReasonFormComponent, translocoTesting()] });
    await TestBed.inject(LanguageService).use('en');
    fixture = TestBed.createComponent(ReasonFormComponent);
    sut = fixture.componentInstance;
    el = fixture.nativeElement as HTMLElement;
    document.body.appendChild(el);
    await fixture.whenStable();
  });

  afterEach(() => el.remove());

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  function refuse(status: number, body: unknown): void {
    sut.request.error(new HttpErrorResponse({ status, error: body }));
  }

  it('shows no message before the first attempt, then does not send an invalid form and focuses its field', async () => {
    expect(el.querySelector('.field-error')).toBeNull();

    const sending = sut.submit();
    await stable();

    expect(await sending).toBe(false);
    expect(textOf(el.querySelector('#reason-error'))).toBe('Error: This information is required.');
    expect(sut.request.observed).toBe(false);
    expect(document.activeElement?.id).toBe('reason');
  });

  it('says it is sending while the request is out, and hands the answer on', async () => {
    type(el, '#reason', 'Names a witness');
    const sending = sut.submit();
    await stable();
    expect(textOf(el.querySelector('button'))).toBe('Sending');
    expect(el.querySelector('button')?.disabled).toBe(true);

    sut.request.next('purged');
    sut.request.complete();
    expect(await sending).toBe(true);
    await stable();

    expect(sut.answers).toEqual(['purged']);
    expect(textOf(el.querySelector('button'))).toBe('Send');
    expect(el.querySelector('.form-failure')).toBeNull();
  });

  it('puts a refusal’s problems on their fields, in the form’s words where it has them, and focuses the first', async () => {
    type(el, '#reason', 'Names a witness');
    const sending = sut.submit();
    refuse(400, apiError(400, 'invalid_input', {}, [problem('reason', 'too_long', { max: 20 })]));
    expect(await sending).toBe(false);
    await stable();

    expect(textOf(el.querySelector('#reason-error'))).toBe('Error: Use at most 20 characters.');
    expect(el.querySelector('.form-failure')).toBeNull();
    expect(document.activeElement?.id).toBe('reason');
    expect(sut.refusals).toHaveLength(1);

    // The server's message stays until the field is edited; then the form may be sent again.
    sut.request = new Subject<string>();
    type(el, '#reason', 'Witness');
    void sut.submit();
    refuse(400, apiError(400, 'invalid_input', {}, [problem('reason', 'too_short', { min: 5 })]));
    await stable();
    expect(textOf(el.querySelector('#reason-error'))).toBe('Error: The two passwords are not the same.');
  });

  it('says a refusal of no field above the form, by its code or the form’s own words, and focuses it', async () => {
    type(el, '#reason', 'Names a witness');
    void sut.submit();
    refuse(403, apiError(403, 'forbidden'));
    await stable();

    expect(textOf(el.querySelector('.form-failure'))).toBe('Your account may not do this.');
    expect(document.activeElement).toBe(el.querySelector('.form-failure'));
    expect(textOf(el.querySelector('button'))).toBe('Send');

    sut.request = new Subject<string>();
    void sut.submit();
    // The next attempt clears the message until its own answer comes.
    await stable();
    expect(el.querySelector('.form-failure')).toBeNull();
    refuse(409, apiError(409, 'conflict'));
    await stable();
    expect(textOf(el.querySelector('.form-failure'))).toBe('This report had already been verified: the page now shows it.');
  });

  it('starts afresh: the form as given, and no message until the next attempt', async () => {
    void sut.submit();
    await stable();
    expect(el.querySelector('.field-error')).not.toBeNull();

    sut.cycle.start({ reason: 'A reason' });
    await stable();

    expect(el.querySelector('.field-error')).toBeNull();
    expect(el.querySelector<HTMLInputElement>('#reason')?.value).toBe('A reason');
  });
});
