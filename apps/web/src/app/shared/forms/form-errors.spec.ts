import { HttpErrorResponse } from '@angular/common/http';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import {
  applyServerErrors,
  datesInOrder,
  describedBy,
  errorMessages,
  fieldError,
  formFailure,
  notBlank,
  notPseudonymForm,
  serverErrorKey,
  staleCurrent,
} from './form-errors';

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

  it('refuses a display name that reads like a pseudonym, and says so from the API’s message too', () => {
    expect(notPseudonymForm(new FormControl('Karité 7K3Q'))).toEqual({ pseudonymForm: true });
    expect(notPseudonymForm(new FormControl('niger\u200b bj5q'))).toEqual({ pseudonymForm: true });
    expect(notPseudonymForm(new FormControl('Fatoumata Keïta'))).toBeNull();
    expect(fieldError(new FormControl('Karité 7K3Q', notPseudonymForm))).toEqual({ key: 'pseudonymForm', params: {} });
    expect(serverErrorKey('displayName', 'displayName must not read like a pseudonym (a word and a four-character code)')).toBe(
      'pseudonymForm',
    );
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
    ['title', 'title needs its English or French text (or both)', 'someLanguage'],
    ['displayName', 'displayName must be shorter', 'invalid'],
    ['narrative', 'narrative needs its English or French text (or both)', 'narrativeRequired'],
    ['percent', 'percent must not be greater than 100', 'percentRange'],
    ['evidenceLinks', 'evidenceLinks must be http or https links', 'url'],
    ['indicatorValues.1', 'indicatorValues.1 must be a number', 'number'],
    ['indicatorValues.7', 'indicatorValues.7 names no indicator of this commitment', 'invalid'],
    ['correctsId', 'correctsId must name a report of the same kind on this commitment', 'correctsId'],
    ['endDate', 'endDate must not be before startDate', 'dateOrder'],
    ['dueDate', 'dueDate must be a date (YYYY-MM-DD)', 'date'],
    ['code', 'code R1 is already used in this dialogue', 'taken'],
    ['code', 'code must be short letters and digits, such as R5', 'codeFormat'],
    ['supportingIds', 'supportingIds must not include the owner', 'ownerSupporting'],
    ['ownerId', 'ownerId does not name a known organisation', 'unknownOrganization'],
    ['recommendationIds', 'recommendationIds must name recommendations of the same dialogue', 'recommendationDialogue'],
    ['indicators.0.target', 'indicators.0.target must be a number conforming to the specified constraints', 'number'],
    ['place', 'place must be shorter than or equal to 300 characters', 'tooLong'],
    ['evidence', 'evidence: scan.pdf is larger than 10 MB', 'fileSize'],
    ['evidence', 'evidence: at most 5 files per report', 'tooManyFiles'],
    ['evidence', 'evidence: photo.png is not a PDF, PNG or JPEG file (its content was checked, not its name)', 'fileType'],
  ])('%s: “%s” → %s', (field, message, key) => {
    expect(serverErrorKey(field, message)).toBe(key);
  });

  it('says nothing above the form when every 400 message found its field', () => {
    const f = form();
    expect(formFailure(f, badRequest(['email must be an email']))).toBeNull();
    expect(formFailure(f, badRequest('Bad body'))?.key).toBe('forms.failure.invalid');
    const taken = new HttpErrorResponse({ status: 409, error: { statusCode: 409, message: 'email is already used' } });
    expect(formFailure(f, taken)).toBeNull();
    const stale = new HttpErrorResponse({ status: 409, error: { statusCode: 409, message: 'This was changed by someone else' } });
    expect(formFailure(f, stale)?.key).toBe('forms.failure.conflict');
    expect(formFailure(f, new HttpErrorResponse({ status: 0 }))?.key).toBe('forms.failure.network');
  });

  it('reads the record now saved from a 409 on a stale edit, and nothing from other failures', () => {
    const current = { id: 'd1', version: 4 };
    expect(staleCurrent(new HttpErrorResponse({ status: 409, error: { statusCode: 409, message: 'stale', current } }))).toEqual(current);
    expect(staleCurrent(new HttpErrorResponse({ status: 409, error: { statusCode: 409, message: 'code taken' } }))).toBeNull();
    expect(staleCurrent(new HttpErrorResponse({ status: 400, error: { current } }))).toBeNull();
  });

  it('describes a field by its hint and its error', () => {
    expect(describedBy('x', null)).toBeNull();
    expect(describedBy('x', null, true)).toBe('x-hint');
    expect(describedBy('x', { key: 'required', params: {} }, true)).toBe('x-hint x-error');
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
