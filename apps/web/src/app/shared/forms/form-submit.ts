import { Injector, type Signal, computed, inject, signal } from '@angular/core';
import type { AbstractControl, FormGroup } from '@angular/forms';
import { type Observable, firstValueFrom, isObservable } from 'rxjs';
import { type Failure, type FieldErrors, type FormTexts, fieldErrors, focusFirstProblem, formChanges, formFailure } from './form-errors';

export interface SendOptions {
  /** After the failure is shown: what else a refusal means here (read the list again, step back). */
  onError?: (error: unknown) => void;
}

/**
 * One form's submit cycle, the same in every dialog and page form: messages wait for the first
 * attempt; an invalid form is not sent; while it is sent the button says so; a refusal puts the
 * API's problems on the fields they name and anything else above the form; focus then goes to
 * the first problem, or to that message. Create it in an injection context (a field initializer).
 */
export class FormSubmit<C extends Record<string, AbstractControl>> {
  /** Messages show once the person has tried to submit. */
  readonly submitted = signal(false);
  readonly sending = signal(false);
  /** The message above the form: a refusal that names no field of it. */
  readonly failure = signal<Failure | null>(null);
  /** Each control's message, current with every change of the form. */
  readonly errors: Signal<FieldErrors<C>>;

  private readonly injector = inject(Injector);

  constructor(
    readonly form: FormGroup<C>,
    /** Where focus looks for the first problem: the dialog or the form. */
    private readonly root: () => HTMLElement | null | undefined,
    private readonly texts: FormTexts = {},
  ) {
    const changes = formChanges(form);
    this.errors = computed(() => {
      changes();
      return fieldErrors(form, this.submitted());
    });
  }

  /** A fresh start (a dialog opening, a form emptied): no message until the next attempt. */
  start(value?: Parameters<FormGroup<C>['reset']>[0]): void {
    if (value !== undefined) {
      this.form.reset(value);
    }
    this.submitted.set(false);
    this.failure.set(null);
  }

  /** The first attempt shows the messages; false (and focus on the first problem) when the form is invalid. */
  check(): boolean {
    this.submitted.set(true);
    this.failure.set(null);
    if (this.form.invalid) {
      this.focusProblem();
      return false;
    }
    return true;
  }

  /** Checks the form, then sends it: see `send`. */
  async submit<T>(request: () => Observable<T> | Promise<T>, then: (answer: T) => unknown, options: SendOptions = {}): Promise<boolean> {
    return this.check() && this.send(request, then, options);
  }

  /**
   * Sends without checking (a confirmation with no field to fill): `then` gets the answer; a
   * refusal is shown and focused. True when it went through.
   */
  async send<T>(request: () => Observable<T> | Promise<T>, then: (answer: T) => unknown, options: SendOptions = {}): Promise<boolean> {
    this.sending.set(true);
    this.failure.set(null);
    try {
      const pending = request();
      await then(await (isObservable(pending) ? firstValueFrom(pending) : pending));
      return true;
    } catch (error: unknown) {
      this.failure.set(formFailure(this.form, error, this.texts));
      options.onError?.(error);
      this.focusProblem();
      return false;
    } finally {
      this.sending.set(false);
    }
  }

  /** A failure found here rather than by the server (nothing changed, say): shown and focused like one. */
  fail(failure: Failure): void {
    this.failure.set(failure);
    this.focusProblem();
  }

  private focusProblem(): void {
    const root = this.root();
    if (root) {
      focusFirstProblem(root, this.injector);
    }
  }
}
