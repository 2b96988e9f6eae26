import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { FormArray, FormControl, FormGroup, Validators } from '@angular/forms';
import { apiError, problem } from '../../../testing/accounts';
import {
  applyProblems,
  datesInOrder,
  describedBy,
  fieldError,
  formFailure,
  notBlank,
  notPseudonymForm,
  problemError,
  requestFailure,
  staleCurrent,
} from './form-errors';

function refused(status: number, body: unknown, headers?: Record<string, string>) {
  return new HttpErrorResponse({ status, error: body, headers: headers ? new HttpHeaders(headers) : undefined });
}

describe('form errors', () => {
  function form() {
    return new FormGroup({
      email: new FormControl('', { nonNullable: true, validators: [Validators.required, Validators.email] }),
      password: new FormControl('', { nonNullable: true, validators: [Validators.minLength(10)] }),
      nameEn: new FormControl('', { nonNullable: true }),
    });
  }

  it('gives one message per control, the first that applies', () => {
    const f = form();
    expect(fieldError(f.controls.email)).toEqual({ key: 'problems.required', params: {} });
    f.controls.email.setValue('x@');
    expect(fieldError(f.controls.email)).toEqual({ key: 'problems.email', params: {} });
    f.controls.password.setValue('short');
    expect(fieldError(f.controls.password)).toEqual({ key: 'problems.too_short', params: { min: 10 } });
    expect(fieldError(f.controls.nameEn)).toBeNull();
  });

  it('treats text of spaces as missing', () => {
    expect(notBlank(new FormControl('   '))).toEqual({ blank: true });
    expect(notBlank(new FormControl(' a '))).toBeNull();
    expect(notBlank(new FormControl(''))).toBeNull();
  });

  it('refuses a display name that reads like a pseudonym, and says so from the API’s code too', () => {
    expect(notPseudonymForm(new FormControl('Karité 7K3Q'))).toEqual({ pseudonymForm: true });
    expect(notPseudonymForm(new FormControl('niger\u200b bj5q'))).toEqual({ pseudonymForm: true });
    expect(notPseudonymForm(new FormControl('Fatoumata Keïta'))).toBeNull();
    expect(fieldError(new FormControl('Karité 7K3Q', notPseudonymForm))).toEqual({ key: 'problems.pseudonym_form', params: {} });
    expect(problemError(problem('displayName', 'pseudonym_form'))).toEqual({ key: 'problems.pseudonym_form', params: {} });
  });

  it('puts each problem on the control its dotted path names, and returns the rest', () => {
    const f = new FormGroup({
      password: new FormControl(''),
      nameEn: new FormControl(''),
      indicators: new FormArray([new FormGroup({ unit: new FormControl('') })]),
    });
    const rest = applyProblems(
      f,
      [
        problem('password', 'password_common'),
        problem('password', 'too_long', { max: 200 }),
        problem('name.en', 'too_long', { max: 200 }),
        problem('indicators.0.unit', 'too_long', { max: 40 }),
        problem('body', 'not_an_object'),
      ],
      { aliases: { 'name.en': 'nameEn' } },
    );

    // The first problem of a field is the one it shows.
    expect(f.controls.password.errors).toEqual({ server: { key: 'problems.password_common', params: {} } });
    expect(f.controls.nameEn.errors).toEqual({ server: { key: 'problems.too_long', params: { max: 200 } } });
    expect(f.get('indicators.0.unit')?.errors).toEqual({ server: { key: 'problems.too_long', params: { max: 40 } } });
    expect(rest).toEqual([problem('body', 'not_an_object')]);
  });

  it('says a field’s problem in the field’s own words where the form gives them, else by its code', () => {
    const texts = { fields: { narrative: { one_language: 'forms.errors.narrativeRequired' } } };
    expect(problemError(problem('narrative', 'one_language'), texts)).toEqual({ key: 'forms.errors.narrativeRequired', params: {} });
    expect(problemError(problem('title', 'one_language'), texts)).toEqual({ key: 'problems.one_language', params: {} });
    expect(problemError(problem('evidence', 'file_too_large', { name: 'scan.pdf', maxMb: 10 }))).toEqual({
      key: 'problems.file_too_large',
      params: { name: 'scan.pdf', maxMb: 10 },
    });
  });

  it('forgets a server message once the field is edited', () => {
    const f = form();
    applyProblems(f, [problem('email', 'email')]);
    expect(fieldError(f.controls.email)).toEqual({ key: 'problems.email', params: {} });

    f.controls.email.setValue('aminata@example.org');

    expect(f.controls.email.errors).toBeNull();
  });

  it('never reads the English message: a body without a code is said by its status', () => {
    const f = form();
    const english = refused(400, { statusCode: 400, message: ['email must be an email'] });
    expect(formFailure(f, english)).toEqual({ key: 'errors.invalid_input', params: {} });
    expect(f.controls.email.errors).toEqual({ required: true });
    expect(requestFailure(refused(502, '<html>Bad gateway</html>'))).toEqual({ key: 'errors.server_error', params: {} });
    // A known code at the wrong status is not trusted either.
    expect(requestFailure(refused(409, apiError(403, 'forbidden')))).toEqual({ key: 'errors.conflict', params: {} });
  });

  it('says nothing above the form when every problem found its field', () => {
    const f = form();
    expect(formFailure(f, refused(400, apiError(400, 'invalid_input', {}, [problem('email', 'email')])))).toBeNull();
    expect(formFailure(f, refused(400, apiError(400, 'invalid_input')))).toEqual({ key: 'errors.invalid_input', params: {} });
    const taken = refused(409, apiError(409, 'code_taken', { code: 'R5' }, [problem('nameEn', 'code_taken', { code: 'R5' })]));
    expect(formFailure(f, taken)).toBeNull();
    expect(f.controls.nameEn.errors).toEqual({ server: { key: 'problems.code_taken', params: { code: 'R5' } } });
    const stale = refused(409, apiError(409, 'stale_edit'));
    expect(formFailure(f, stale)).toEqual({ key: 'errors.stale_edit', params: {} });
    expect(formFailure(f, new HttpErrorResponse({ status: 0 }))).toEqual({ key: 'forms.failure.network', params: {} });
  });

  it('says above the form a problem of no field of it, in its own words, and a refusal’s code with its params', () => {
    const f = form();
    expect(formFailure(f, refused(400, apiError(400, 'invalid_input', {}, [problem('token', 'link_invalid')])))).toEqual({
      key: 'problems.link_invalid',
      params: {},
    });
    const locked = refused(409, apiError(409, 'group_locked', { accounts: 4 }, [problem('group', 'group_locked', { accounts: 4 })]));
    expect(formFailure(f, locked)).toEqual({ key: 'problems.group_locked', params: { accounts: 4 } });
    expect(formFailure(f, refused(409, apiError(409, 'edit_window_over', { minutes: 15 })))).toEqual({
      key: 'errors.edit_window_over',
      params: { minutes: 15 },
    });
    expect(
      formFailure(f, refused(409, apiError(409, 'already_done', { state: 'verified' })), { failures: { already_done: 'verify.already' } }),
    ).toEqual({
      key: 'verify.already',
      params: { state: 'verified' },
    });
  });

  it('takes a wait from the body, else from Retry-After, else says to wait a moment', () => {
    expect(requestFailure(refused(429, apiError(429, 'too_many_requests', { retryAfter: 90 })))).toEqual({
      key: 'errors.too_many_requests',
      params: { retryAfter: 90 },
    });
    expect(requestFailure(refused(429, { statusCode: 429 }, { 'Retry-After': '30' }))).toEqual({
      key: 'errors.too_many_requests',
      params: { retryAfter: 30 },
    });
    expect(requestFailure(refused(429, { statusCode: 429 }))).toEqual({ key: 'forms.failure.tooMany', params: {} });
  });

  it('reads the record now saved from a 409 on a stale edit, and nothing from other failures', () => {
    const current = { id: 'd1', version: 4 };
    expect(staleCurrent(refused(409, apiError(409, 'stale_edit', {}, undefined, { current })))).toEqual(current);
    expect(staleCurrent(refused(409, apiError(409, 'code_taken', { code: 'R1' })))).toBeNull();
    expect(staleCurrent(refused(400, { current }))).toBeNull();
  });

  it('describes a field by its hint and its error', () => {
    expect(describedBy('x', null)).toBeNull();
    expect(describedBy('x', null, true)).toBe('x-hint');
    expect(describedBy('x', { key: 'problems.required', params: {} }, true)).toBe('x-hint x-error');
  });
});

describe(datesInOrder.name, () => {
  it('marks the end date when it is before the start date, and clears it once they are in order', () => {
    const f = new FormGroup(
      { startDate: new FormControl('2027-03-10'), endDate: new FormControl('2027-03-01', Validators.required) },
      { validators: datesInOrder('startDate', 'endDate') },
    );
    expect(f.controls.endDate.errors).toEqual({ dateOrder: true });

    f.controls.endDate.setValue('2027-03-11');
    expect(f.controls.endDate.errors).toBeNull();

    f.controls.endDate.setValue('');
    expect(f.controls.endDate.errors).toEqual({ required: true });
  });
});
