import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { translocoTesting } from '../../testing/i18n-testing';
import { apiError, problem, settle, textOf, type } from '../../testing/accounts';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { LanguageService } from '../core/language.service';
import { ResetPageComponent } from './reset-page.component';

describe(ResetPageComponent.name, () => {
  let fixture: ComponentFixture<ResetPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(token: string | undefined): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [ResetPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ResetPageComponent);
    fixture.componentRef.setInput('token', token);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  async function submit(password = 'une nouvelle phrase', again = password): Promise<void> {
    type(el, '#reset-password', password);
    type(el, '#reset-confirm', again);
    el.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
  }

  async function answer(status: number, body: unknown): Promise<void> {
    http.expectOne('/api/auth/reset').flush(body, { status, statusText: 'x' });
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('sets the new password with the link’s token, then sends the person to sign in', async () => {
    await open('abc123');
    await submit();

    const request = http.expectOne('/api/auth/reset');
    expect(request.request.body).toEqual({ token: 'abc123', newPassword: 'une nouvelle phrase' });
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();

    expect(textOf(el.querySelector('h1'))).toBe('Your password is changed');
    expect(document.activeElement?.id).toBe('reset-done-title');
    expect(el.querySelector('a')?.getAttribute('href')).toBe('/sign-in');
  });

  it('says first what a reset does to earlier pseudonymous messages, and where to change a known password instead', async () => {
    await open('abc123');

    const warning = el.querySelector('.notice-warning');
    const paragraphs = () => [...(el.querySelector('.notice-warning')?.querySelectorAll('p') ?? [])].map((p) => textOf(p));
    expect(warning?.previousElementSibling?.tagName).toBe('H1');
    expect(paragraphs()).toEqual([
      'Your earlier pseudonymous messages will no longer be linked to your account: you will not be able to edit or delete them or ' +
        'hear of replies, and you will write under new pseudonyms.',
      'If you still know your password, change it from your account instead.',
    ]);
    expect(warning?.querySelector('a')?.getAttribute('href')).toBe('/account#account-password-title');

    await TestBed.inject(LanguageService).use('fr');
    await fixture.whenStable();
    expect(paragraphs()).toEqual([
      'Vos anciens messages sous pseudonyme ne seront plus rattachés à votre compte : vous ne pourrez plus les modifier ni les ' +
        'supprimer, les réponses ne vous seront plus signalées, et vous écrirez désormais sous de nouveaux pseudonymes.',
      'Si vous connaissez encore votre mot de passe, changez-le plutôt depuis votre compte.',
    ]);
  });

  it('asks for the same password twice', async () => {
    await open('abc123');
    await submit('une nouvelle phrase', 'une autre phrase');

    http.expectNone('/api/auth/reset');
    expect(textOf(el.querySelector('#reset-confirm-error'))).toBe('Error: The two passwords are not the same.');
  });

  it('says the link is invalid, used or expired on a 400 about the token', async () => {
    await open('old-token');
    await submit();

    await answer(400, apiError(400, 'invalid_input', {}, [problem('token', 'link_invalid')]));

    expect(textOf(el.querySelector('[role="alert"]'))).toBe(
      'This link is invalid, has already been used or has expired. Ask the secretariat for a new one.',
    );
  });

  it('puts a verdict on the new password on its field', async () => {
    await open('abc123');
    await submit('motdepasse123');

    await answer(400, apiError(400, 'invalid_input', {}, [problem('newPassword', 'password_common')]));

    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(textOf(el.querySelector('#reset-password-error'))).toContain('This password is too common');
  });

  it('shows no form without a token', async () => {
    await open(undefined);

    expect(el.querySelector('form')).toBeNull();
    expect(textOf(el.querySelector('.notice-error'))).toContain('This link is invalid');
  });
});
