import { HttpErrorResponse } from '@angular/common/http';
import { type Injector, type Signal, afterNextRender } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { AbstractControl, FormGroup, ValidationErrors } from '@angular/forms';
import { posesAsPseudonym } from '@suivi/contracts';

/** A validation message: a key under `forms.errors` and its parameters. */
export interface FieldError {
  key: string;
  params: Record<string, unknown>;
}

export type FieldErrors<T extends Record<string, AbstractControl>> = { [K in keyof T]: FieldError | null };

/** The first message for a control's errors, client-side or from the server. */
export function fieldError(control: AbstractControl): FieldError | null {
  const errors: ValidationErrors | null = control.errors;
  if (!errors) {
    return null;
  }
  if (typeof errors['server'] === 'string') {
    return { key: errors['server'], params: {} };
  }
  if (errors['required'] || errors['blank']) {
    return { key: 'required', params: {} };
  }
  if (errors['email']) {
    return { key: 'email', params: {} };
  }
  if (errors['minlength']) {
    return { key: 'minLength', params: { min: (errors['minlength'] as { requiredLength: number }).requiredLength } };
  }
  if (errors['maxlength']) {
    return { key: 'maxLength', params: { max: (errors['maxlength'] as { requiredLength: number }).requiredLength } };
  }
  return { key: Object.keys(errors)[0] ?? 'invalid', params: {} };
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

/** The `message` of an API error body (`{ statusCode, error, message }`), always as a list. */
export function errorMessages(error: unknown): string[] {
  if (!(error instanceof HttpErrorResponse)) {
    return [];
  }
  const message = (error.error as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) {
    return message.filter((m): m is string => typeof m === 'string');
  }
  return typeof message === 'string' ? [message] : [];
}

/** The translation key (under `forms.errors`) for a server message about a field. */
export function serverErrorKey(field: string, message: string): string {
  const text = message.toLowerCase();
  // Progress reports (ReportInput): the field says more than the wording.
  if (field === 'narrative') {
    return 'narrativeRequired';
  }
  if (field === 'percent') {
    return 'percentRange';
  }
  if (field === 'evidenceLinks' || field.startsWith('evidenceLinks.')) {
    return 'url';
  }
  if (field.startsWith('indicatorValues.') && text.includes('number')) {
    return 'number';
  }
  if (field === 'correctsId') {
    return 'correctsId';
  }
  // Evidence files: "evidence: name.pdf is larger than 10 MB", "… is not a PDF, PNG or JPEG file".
  if (field === 'evidence') {
    return /larger than/.test(text) ? 'fileSize' : /at most/.test(text) ? 'tooManyFiles' : 'fileType';
  }
  if (/common|guess|breach|pwned|weak/.test(text)) {
    return 'passwordCommon';
  }
  if (/email or name|your name|your email/.test(text)) {
    return 'passwordPersonal';
  }
  if (/different characters/.test(text)) {
    return 'passwordVariety';
  }
  if (/english or french|one language/.test(text)) {
    return field === 'name' ? 'oneLanguage' : 'someLanguage';
  }
  if (field === 'currentPassword') {
    return 'wrongPassword';
  }
  if (field === 'password' || field === 'newPassword') {
    return 'passwordRule';
  }
  if (field === 'email') {
    return 'email';
  }
  if (field === 'displayName' && text.includes('pseudonym')) {
    return 'pseudonymForm';
  }
  if (field === 'role' && text.includes('secretariat')) {
    return 'secretariatOrg';
  }
  // An organisation's group, refused while it has accounts (409).
  if (field === 'group' && text.includes('accounts')) {
    return 'groupLocked';
  }
  if (field === 'organizationId') {
    return 'organization';
  }
  return curationErrorKey(text);
}

/** Curation (dialogues, recommendations, commitments, milestones): the wording says which rule. */
function curationErrorKey(text: string): string {
  const rules: Array<[RegExp, string]> = [
    [/must be a date/, 'date'],
    [/must not be before/, 'dateOrder'],
    [/already used/, 'taken'],
    [/letters and digits/, 'codeFormat'],
    [/must not include the owner/, 'ownerSupporting'],
    [/organisation/, 'unknownOrganization'],
    [/same dialogue/, 'recommendationDialogue'],
    [/must be a number|must be an integer|number conforming/, 'number'],
    [/shorter than or equal|longer than/, 'tooLong'],
  ];
  return rules.find(([pattern]) => pattern.test(text))?.[1] ?? 'invalid';
}

/**
 * Puts each 400 message on the control it names (messages start with the field name, e.g.
 * "password is too common"; `aliases` maps API names such as `name.en` to control names) and
 * returns the messages that name no control, for a message above the form.
 */
export function applyServerErrors(form: FormGroup, messages: string[], aliases: Record<string, string> = {}): string[] {
  const unmatched: string[] = [];
  for (const message of messages) {
    // "password is too common", "role: the secretariat role is…", "name.en must be…"
    const field = /^[A-Za-z][\w.]*/.exec(message.trim())?.[0] ?? '';
    const name = aliases[field] ?? field;
    const control = name ? form.get(name) : null;
    if (control) {
      control.setErrors({ ...control.errors, server: serverErrorKey(field, message) });
      control.markAsTouched();
    } else {
      unmatched.push(message);
    }
  }
  return unmatched;
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

/** A message above a form for a failure that names no field: a key with its parameters. */
export interface Failure {
  key: string;
  params: Record<string, unknown>;
}

/** What to tell the person when a request fails for a reason that is not one field. */
export function requestFailure(error: unknown): Failure {
  const status = error instanceof HttpErrorResponse ? error.status : -1;
  const key: Record<number, string> = {
    0: 'network',
    400: 'invalid',
    401: 'signedOut',
    403: 'forbidden',
    404: 'notFound',
    409: 'conflict',
    413: 'tooLarge',
    429: 'tooMany',
  };
  return { key: `forms.failure.${key[status] ?? 'server'}`, params: {} };
}

export function httpStatusOf(error: unknown): number | null {
  return error instanceof HttpErrorResponse ? error.status : null;
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
 * Puts a failed request's field messages on the fields they name, and returns the message for
 * above the form: null when every message found its field (a 400, a 409 about one field such
 * as a code already used, a 413 naming the file too large).
 */
export function formFailure(form: FormGroup, error: unknown, aliases: Record<string, string> = {}): Failure | null {
  const messages = errorMessages(error);
  const unmatched = applyServerErrors(form, messages, aliases);
  const status = httpStatusOf(error);
  const aboutFields = status === 400 || status === 409 || status === 413;
  return aboutFields && messages.length > 0 && unmatched.length === 0 ? null : requestFailure(error);
}

/** The record now saved, from a 409 that refused a stale edit (`{ …, current }`); null for any other failure. */
export function staleCurrent<T>(error: unknown): T | null {
  if (!(error instanceof HttpErrorResponse) || error.status !== 409) {
    return null;
  }
  return (error.error as { current?: T } | null)?.current ?? null;
}
