import { HttpErrorResponse } from '@angular/common/http';
import { type Injector, type Signal, afterNextRender } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { AbstractControl, FormGroup, ValidationErrors } from '@angular/forms';
import { ERROR_CODES, type ErrorCode, type Problem, type ProblemCode, isProblemCode, posesAsPseudonym } from '@suivi/contracts';
import { requestError, retryAfterSeconds } from '../../core/http-error';
import type { Said } from '../../core/say.pipe';

/** A field's message: a translation key and its params. */
export type FieldError = Said;

/** A message above a form, for a failure that names no field of it. */
export type Failure = Said;

export type FieldErrors<T extends Record<string, AbstractControl>> = { [K in keyof T]: FieldError | null };

/**
 * The text of a field's problem, by the code the API would send for it (`problems.<code>`), so
 * a client-side check and the server's refusal read alike. Checks of the forms' own (a password
 * typed twice, a percentage) keep their words under `forms.errors.<name>`.
 */
const CLIENT_CHECKS: Readonly<Record<string, ProblemCode>> = {
  pseudonymForm: 'pseudonym_form',
  dateOrder: 'date_order',
  someLanguage: 'one_language',
  url: 'url',
  secretariatOrg: 'secretariat_organization',
};

/** The first message for a control's errors, client-side or from the server. */
export function fieldError(control: AbstractControl): FieldError | null {
  const errors: ValidationErrors | null = control.errors;
  if (!errors) {
    return null;
  }
  const server = errors['server'] as FieldError | undefined;
  if (server) {
    return server;
  }
  if (errors['required'] || errors['blank']) {
    return { key: 'problems.required', params: {} };
  }
  if (errors['email']) {
    return { key: 'problems.email', params: {} };
  }
  if (errors['minlength']) {
    return { key: 'problems.too_short', params: { min: (errors['minlength'] as { requiredLength: number }).requiredLength } };
  }
  if (errors['maxlength']) {
    return { key: 'problems.too_long', params: { max: (errors['maxlength'] as { requiredLength: number }).requiredLength } };
  }
  const name = Object.keys(errors)[0] ?? 'invalid';
  const code = CLIENT_CHECKS[name];
  return { key: code ? `problems.${code}` : `forms.errors.${name}`, params: {} };
}

/** Every control's message; shown only once the person has tried to submit. */
export function fieldErrors<T extends Record<string, AbstractControl>>(form: FormGroup<T>, show: boolean): FieldErrors<T> {
  const out = {} as FieldErrors<T>;
  for (const name of Object.keys(form.controls) as Array<keyof T>) {
    out[name] = show ? fieldError(form.get(name as string) as AbstractControl) : null;
  }
  return out;
}

/**
 * A signal that changes on every event of the form (value, status, touched, reset), so computed
 * signals that read the form's state keep OnPush templates current.
 */
export function formChanges(form: AbstractControl): Signal<unknown> {
  return toSignal(form.events, { initialValue: null });
}

/** Rejects text made only of spaces (Validators.required accepts it). */
export function notBlank(control: AbstractControl): ValidationErrors | null {
  return typeof control.value === 'string' && control.value.length > 0 && !control.value.trim() ? { blank: true } : null;
}

/** A display name that reads like a pseudonym ("Karité 7K3Q") is refused, here as by the API. */
export function notPseudonymForm(control: AbstractControl): ValidationErrors | null {
  return typeof control.value === 'string' && posesAsPseudonym(control.value) ? { pseudonymForm: true } : null;
}

/**
 * A form-level rule: the end date (`end`) is not before the start date (`start`). The error goes
 * on the end date's control, where the API's own message about it lands too.
 */
export function datesInOrder(start: string, end: string): (form: AbstractControl) => null {
  return (form) => {
    const from = form.get(start)?.value as string | null;
    const to = form.get(end);
    const wrong = Boolean(from && to?.value && (to.value as string) < from);
    if (to && wrong !== Boolean(to.errors?.['dateOrder'])) {
      const { dateOrder: _old, ...others } = to.errors ?? {};
      to.setErrors(wrong ? { ...others, dateOrder: true } : Object.keys(others).length ? others : null);
    }
    return null;
  };
}

/** The `aria-describedby` of an input: its hint, and its error when there is one. */
export function describedBy(id: string, error: FieldError | null, hint = false): string | null {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : null;
}

/** Moves focus to the first field marked invalid in `root`; false when there is none. */
export function focusFirstInvalid(root: HTMLElement): boolean {
  const first = root.querySelector<HTMLElement>('[aria-invalid="true"]');
  first?.focus();
  return first !== null;
}

/**
 * How a form says the API's refusals. By default a problem reads as its code's text and a
 * failure as its request code's; a form gives its own words only where they read better.
 */
export interface FormTexts {
  /** API field paths (`name.en`, `evidence`) whose control has another path in the form. */
  aliases?: Readonly<Record<string, string>>;
  /** A field's own words for some of its problems: API field → problem code → translation key. */
  fields?: Readonly<Record<string, Partial<Record<ProblemCode, string>>>>;
  /** This form's own words for some request codes: code → translation key. */
  failures?: Partial<Record<ErrorCode, string>>;
}

/** The message for one problem of a field: the field's own words for its code, else the code's text. */
export function problemError(problem: Problem, texts: FormTexts = {}): FieldError {
  return { key: texts.fields?.[problem.field]?.[problem.code] ?? `problems.${problem.code}`, params: problem.params };
}

/**
 * Puts each problem on the control its field names (the API's dotted path is the form's, unless
 * `aliases` says otherwise; the first problem of a field wins) and returns those that name no
 * control, for a message above the form. A server message goes as soon as the field is edited.
 */
export function applyProblems(form: FormGroup, problems: readonly Problem[], texts: FormTexts = {}): Problem[] {
  const unmatched: Problem[] = [];
  const placed = new Set<AbstractControl>();
  for (const problem of problems) {
    const control = form.get(texts.aliases?.[problem.field] ?? problem.field);
    if (!control) {
      unmatched.push(problem);
    } else if (!placed.has(control)) {
      placed.add(control);
      control.setErrors({ ...control.errors, server: problemError(problem, texts) });
      control.markAsTouched();
    }
  }
  return unmatched;
}

/** The translation key of a request code: the form's own words, else `errors.<code>` (or the field text of a code that is both). */
export function failureKey(code: ErrorCode, texts: FormTexts = {}): string {
  return texts.failures?.[code] ?? (isProblemCode(code) ? `problems.${code}` : `errors.${code}`);
}

/**
 * What to tell the person when a request fails for a reason that is not one field: the
 * request's code with its params, or that the server did not answer. A wait the code's text
 * needs and the answer does not give (an older server) becomes "wait a moment".
 */
export function requestFailure(error: unknown, texts: FormTexts = {}): Failure {
  const refused = requestError(error);
  if (!refused) {
    return { key: 'forms.failure.network', params: {} };
  }
  const params: Record<string, unknown> = { ...refused.params };
  const needs = ERROR_CODES[refused.code].params as readonly string[];
  if (needs.includes('retryAfter') && typeof params['retryAfter'] !== 'number') {
    const wait = retryAfterSeconds(error);
    if (wait === null) {
      return { key: 'forms.failure.tooMany', params: {} };
    }
    params['retryAfter'] = wait;
  }
  return { key: failureKey(refused.code, texts), params };
}

/** Once the next render has shown the messages: focus on the first invalid field, else on the form's failure message. */
export function focusFirstProblem(root: HTMLElement, injector: Injector): void {
  afterNextRender(
    () => {
      if (!focusFirstInvalid(root)) {
        root.querySelector<HTMLElement>('.form-failure')?.focus();
      }
    },
    { injector },
  );
}

/**
 * Puts a failed request's problems on the fields they name, and returns the message for above
 * the form: null when every problem found its field (a 400, a 409 about one field such as a
 * code already used, a 413 naming the file too large). A problem of no field of this form (the
 * reset link's token) is said above it in its own words.
 */
export function formFailure(form: FormGroup, error: unknown, texts: FormTexts = {}): Failure | null {
  const refused = requestError(error);
  if (!refused?.problems.length) {
    return requestFailure(error, texts);
  }
  const [first] = applyProblems(form, refused.problems, texts);
  if (!first) {
    return null;
  }
  return refused.code === 'invalid_input' ? problemError(first, texts) : requestFailure(error, texts);
}

/** The record now saved, from a 409 that refused a stale edit (`{ …, current }`); null for any other failure. */
export function staleCurrent<T>(error: unknown): T | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 409) {
    return null;
  }
  return (error.error as { current?: T } | null)?.current ?? null;
}
