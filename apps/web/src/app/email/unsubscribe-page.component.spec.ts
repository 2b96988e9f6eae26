import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { UnsubscribePreview } from '@suivi/contracts';
import { apiError, buttonNamed, loginResponse, problem, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { UnsubscribePageComponent } from './unsubscribe-page.component';

const PREVIEW = (token: string) => (r: { url: string; method: string; params: { get(name: string): string | null } }) =>
  r.url === '/api/email/unsubscribe' && r.method === 'GET' && r.params.get('token') === token;
const POST = (token: string) => (r: { url: string; method: string; params: { get(name: string): string | null } }) =>
  r.url === '/api/email/unsubscribe' && r.method === 'POST' && r.params.get('token') === token;

function preview(overrides: Partial<UnsubscribePreview> = {}): UnsubscribePreview {
  return { category: 'reminders', cadence: 'immediate', maskedEmail: 'b***@example.org', ...overrides };
}

describe(UnsubscribePageComponent.name, () => {
  let fixture: ComponentFixture<UnsubscribePageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(token: string | undefined, lang: 'en' | 'fr' = 'en'): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [UnsubscribePageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(UnsubscribePageComponent);
    fixture.componentRef.setInput('token', token);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
  }

  async function answer(request: TestRequest, body: unknown, status = 200): Promise<void> {
    request.flush(body, { status, statusText: status < 300 ? 'OK' : 'Error' });
    await settle();
    await fixture.whenStable();
  }

  const heading = () => textOf(el.querySelector('h1'));
  const accountLink = () => el.querySelector<HTMLAnchorElement>('a[href="/account#email"]');

  afterEach(() => http.verify());

  it('asks before changing anything, names the category and the masked address, then stops it', async () => {
    await open('tok-1');
    expect(heading()).toBe('Stop mails');
    expect(el.querySelector('.loading')).not.toBeNull();
    await answer(http.expectOne(PREVIEW('tok-1')), preview());

    expect(heading()).toBe('Stop these mails?');
    expect(textOf(el.querySelector('.unsubscribe-question'))).toBe(
      'Stop mails about the reminders of reporting rounds, sent to b***@example.org?',
    );
    expect([...el.querySelectorAll('dt')].map(textOf)).toEqual(['What these mails are', 'How they come now']);
    expect(textOf(el.querySelector('dd'))).toBe(
      'A reporting round’s reminders, before its due date and the day after it, while your organisation’s report is still awaited.',
    );
    expect(textOf(el.querySelector('.unsubscribe-now'))).toBe('At once');
    http.expectNone(POST('tok-1'));

    buttonNamed(el, 'Stop these mails').click();
    await settle();
    const post = http.expectOne(POST('tok-1'));
    expect(post.request.body).toBeNull();
    await answer(post, { category: 'reminders', cadence: 'off', changed: true });
    await settle();

    expect(heading()).toBe('You will no longer receive these mails');
    expect(textOf(el.querySelector('.notice-success p'))).toBe(
      'You will no longer receive mails about the reminders of reporting rounds at b***@example.org. You can change this any time in your account.',
    );
    expect(document.activeElement).toBe(el.querySelector('h1'));
    expect(textOf(accountLink())).toBe('Choose your mails in your account');
  });

  it('says when the mails are already stopped, with no button', async () => {
    await open('tok-2', 'fr');
    await answer(http.expectOne(PREVIEW('tok-2')), preview({ category: 'asks', cadence: 'off' }));

    expect(heading()).toBe('Ces courriels sont déjà arrêtés');
    expect(textOf(el.querySelector('.lead'))).toBe(
      'b***@example.org ne reçoit déjà plus de courriels sur ce qui vous est demandé : il n’y a rien à changer.',
    );
    expect(el.querySelector('button')).toBeNull();
    expect(accountLink()).not.toBeNull();
  });

  it('says a refused link is not valid and suggests signing in to choose in the account', async () => {
    await open('forged');
    await answer(http.expectOne(PREVIEW('forged')), apiError(400, 'invalid_input', {}, [problem('token', 'link_invalid')]), 400);

    expect(heading()).toBe('This link is not valid');
    expect(textOf(el.querySelector('.notice-error'))).toContain('Sign in to choose in your account which mails you receive.');
    expect(textOf(accountLink())).toBe('Sign in to choose your mails');
    expect(el.querySelector('button')).toBeNull();
  });

  it('says the same without asking the server when the address has no token, and offers the account to someone signed in', async () => {
    await open(undefined);
    TestBed.inject(AuthService).start(loginResponse());
    fixture.detectChanges();
    await settle();

    http.expectNone((r) => r.url === '/api/email/unsubscribe');
    expect(heading()).toBe('This link is not valid');
    expect(textOf(accountLink())).toBe('Choose your mails in your account');
  });

  it('turns to "not valid" when the POST refuses the link, and keeps the button after a server failure', async () => {
    await open('tok-3');
    await answer(http.expectOne(PREVIEW('tok-3')), preview({ category: 'activity', cadence: 'daily' }));

    buttonNamed(el, 'Stop these mails').click();
    await settle();
    await answer(http.expectOne(POST('tok-3')), null, 503);
    await settle();
    const failure = el.querySelector('.unsubscribe-failure');
    expect(failure).not.toBeNull();
    expect(document.activeElement).toBe(failure);
    expect(heading()).toBe('Stop these mails?');

    buttonNamed(el, 'Stop these mails').click();
    await settle();
    await answer(http.expectOne(POST('tok-3')), apiError(400, 'invalid_input', {}, [problem('token', 'link_invalid')]), 400);
    await settle();
    expect(heading()).toBe('This link is not valid');
  });

  it('offers to try again when the server cannot answer', async () => {
    await open('tok-4');
    await answer(http.expectOne(PREVIEW('tok-4')), null, 500);
    expect(heading()).toBe('Stop mails');
    buttonNamed(el, 'Try again').click();
    await settle();
    await answer(http.expectOne(PREVIEW('tok-4')), preview());
    expect(heading()).toBe('Stop these mails?');
  });
});
