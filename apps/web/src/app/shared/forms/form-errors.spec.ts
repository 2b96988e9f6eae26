import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { applyServerErrors, describedBy, errorMessages, fieldError, formFailure, notBlank, serverErrorKey } from './form-errors';

function badRequest(message: string | string[]) {
  return new HttpErrorResponse({ status: 400, error: { statusCode: 400, error: 'Bad Request', message } });
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
    expect(fieldError(f.controls.email)).toEqual({ key: 'required', params: {} });
    f.controls.email.setValue('x@');
    expect(fieldError(f.controls.email)).toEqual({ key: 'email', params: {} });
    f.controls.password.setValue('short');
    expect(fieldError(f.controls.password)).toEqual({ key: 'minLength', params: { min: 10 } });
    expect(fieldError(f.controls.nameEn)).toBeNull();
  });

  it('treats text of spaces as missing', () => {
    expect(notBlank(new FormControl('   '))).toEqual({ blank: true });
    expect(notBlank(new FormControl(' a '))).toBeNull();
    expect(notBlank(new FormControl(''))).toBeNull();
  });

  it('reads the message of an API error, string or list', () => {
    expect(errorMessages(badRequest('token is invalid'))).toEqual(['token is invalid']);
    expect(errorMessages(badRequest(['email must be an email', 'password is too common']))).toHaveLength(2);
    expect(errorMessages(new Error('boom'))).toEqual([]);
  });

  it('puts each message on the field it names, and returns the rest', () => {
    const f = form();
    const rest = applyServerErrors(f, ['password is too common', 'name.en must be shorter', 'something else'], {
      'name.en': 'nameEn',
    });

    expect(f.controls.password.errors).toEqual({ server: 'passwordCommon' });
    expect(f.controls.nameEn.errors).toEqual({ server: 'invalid' });
    expect(rest).toEqual(['something else']);
  });

  it('reads the field name before a colon too', () => {
    const f = new FormGroup({ role: new FormControl('member'), token: new FormControl('') });
    const rest = applyServerErrors(f, ['role: the secretariat role is only for members of a secretariat organisation']);

    expect(rest).toEqual([]);
    expect(f.controls.role.errors).toEqual({ server: 'secretariatOrg' });
  });

  it('forgets a server message once the field is edited', () => {
    const f = form();
    applyServerErrors(f, ['email must be an email']);
    expect(fieldError(f.controls.email)).toEqual({ key: 'email', params: {} });

    f.controls.email.setValue('aminata@example.org');

    expect(f.controls.email.errors).toBeNull();
  });

  it.each([
    ['password', 'password is too common', 'passwordCommon'],
    ['password', 'password must be longer than or equal to 10 characters', 'passwordRule'],
    ['currentPassword', 'currentPassword is wrong', 'wrongPassword'],
    ['password', 'password must not contain your email or name', 'passwordPersonal'],
    ['password', 'password uses too few different characters', 'passwordVariety'],
    ['role', 'role: the secretariat role is only for members of a secretariat organisation', 'secretariatOrg'],
    ['organizationId', 'organizationId does not name a known organisation', 'organization'],
    ['name', 'name needs its English or French text (or both)', 'oneLanguage'],
    ['displayName', 'displayName must be shorter', 'invalid'],
    ['narrative', 'narrative needs its English or French text (or both)', 'narrativeRequired'],
    ['percent', 'percent must not be greater than 100', 'percentRange'],
    ['evidenceLinks', 'evidenceLinks must be http or https links', 'url'],
    ['indicatorValues.1', 'indicatorValues.1 must be a number', 'number'],
    ['indicatorValues.7', 'indicatorValues.7 names no indicator of this commitment', 'invalid'],
    ['correctsId', 'correctsId must name a report of the same kind on this commitment', 'correctsId'],
  ])('%s: “%s” → %s', (field, message, key) => {
    expect(serverErrorKey(field, message)).toBe(key);
  });

  it('says nothing above the form when every 400 message found its field', () => {
    const f = form();
    expect(formFailure(f, badRequest(['email must be an email']))).toBeNull();
    expect(formFailure(f, badRequest('Bad body'))?.key).toBe('forms.failure.invalid');
    expect(formFailure(f, new HttpErrorResponse({ status: 0 }))?.key).toBe('forms.failure.network');
  });

  it('describes a field by its hint and its error', () => {
    expect(describedBy('x', null)).toBeNull();
    expect(describedBy('x', null, true)).toBe('x-hint');
    expect(describedBy('x', { key: 'required', params: {} }, true)).toBe('x-hint x-error');
  });
});
