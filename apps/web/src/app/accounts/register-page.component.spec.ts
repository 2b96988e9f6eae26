import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Locale } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { apiError, problem, choose, civilOrg, justiceOrg, organizations, settle, textOf, type } from '../../testing/accounts';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { LanguageService } from '../core/language.service';
import { RegisterPageComponent } from './register-page.component';

describe(RegisterPageComponent.name, () => {
  let fixture: ComponentFixture<RegisterPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function setUp(lang: Locale = 'en'): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [RegisterPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RegisterPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/organizations').flush(organizations);
    await fixture.whenStable();
  }

  function fillAll(organizationId = justiceOrg.id) {
    type(el, '#register-email', 'aminata@example.org');
    type(el, '#register-password', 'une longue phrase de passe');
    type(el, '#register-name', ' Aminata Traoré ');
    choose(el, '#register-organization', organizationId);
  }

  async function submit(): Promise<void> {
    el.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('states the password rule beside the field, and ties it to it', async () => {
    await setUp();

    expect(textOf(el.querySelector('#register-password-hint'))).toContain('At least 10 characters, and not a common password.');
    expect(el.querySelector('#register-password')?.getAttribute('aria-describedby')).toBe('register-password-hint');
  });

  it('checks every field before sending, and puts focus on the first problem', async () => {
    await setUp();

    await submit();

    http.expectNone('/api/auth/register');
    const invalid = [...el.querySelectorAll('[aria-invalid="true"]')].map((e) => e.id);
    expect(invalid).toEqual(['register-email', 'register-password', 'register-name', 'register-organization']);
    expect(el.querySelector('#register-password')?.getAttribute('aria-describedby')).toBe('register-password-hint register-password-error');
    expect(textOf(el.querySelector('#register-organization-error'))).toBe('Error: This information is required.');
    expect(document.activeElement?.id).toBe('register-email');
  });

  it('refuses a malformed email, a short password and a name of spaces', async () => {
    await setUp();
    fillAll();
    type(el, '#register-email', 'aminata@');
    type(el, '#register-password', 'court');
    type(el, '#register-name', '   ');

    await submit();

    http.expectNone('/api/auth/register');
    expect(textOf(el.querySelector('#register-email-error'))).toBe('Error: Enter an email address such as name@example.org.');
    expect(textOf(el.querySelector('#register-password-error'))).toBe('Error: Use at least 10 characters.');
    expect(textOf(el.querySelector('#register-name-error'))).toBe('Error: This information is required.');
  });

  it('clears a message as soon as the field is corrected', async () => {
    await setUp();
    await submit();

    type(el, '#register-email', 'aminata@example.org');
    await fixture.whenStable();

    expect(el.querySelector('#register-email-error')).toBeNull();
    expect(el.querySelector('#register-email')?.getAttribute('aria-invalid')).toBeNull();
  });

  it('offers the organisations by stakeholder group, and narrows them by a search', async () => {
    await setUp();
    const groups = [...el.querySelectorAll('#register-organization optgroup')].map((g) => g.getAttribute('label'));
    expect(groups).toEqual(['Government', 'Civil society', 'Secretariat']);

    type(el, '#register-organization-search', 'observatoire');
    await fixture.whenStable();

    const options = [...el.querySelectorAll('#register-organization option')].map((o) => textOf(o));
    expect(options).toEqual(['Choose an organisation', 'OCGS – Citizen Observatory of Governance in the Sahel (fictional)']);
    expect(textOf(el.querySelector('.org-picker [role="status"]'))).toBe('Organisations found: 1');
  });

  it('sends the registration and says what the account now waits for', async () => {
    await setUp();
    fillAll();
    await submit();

    const request = http.expectOne('/api/auth/register');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      email: 'aminata@example.org',
      password: 'une longue phrase de passe',
      displayName: 'Aminata Traoré',
      organizationId: justiceOrg.id,
      locale: 'en',
    });
    expect(el.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled).toBe(true);
    request.flush({ message: 'Registration received' }, { status: 202, statusText: 'Accepted' });
    await settle();
    await fixture.whenStable();

    const heading = el.querySelector('#register-done-title');
    expect(textOf(heading)).toBe('Check back later');
    expect([...el.querySelectorAll('.waiting-list li')].map(textOf)).toEqual(['the approval of the secretariat']);
    expect(document.activeElement).toBe(heading);
    expect(el.querySelector('form')).toBeNull();
  });

  it('adds the confirmation by a member for a civil-society organisation', async () => {
    await setUp();
    fillAll(civilOrg.id);
    await submit();

    http.expectOne('/api/auth/register').flush({ message: 'ok' }, { status: 202, statusText: 'Accepted' });
    await settle();
    await fixture.whenStable();

    const steps = [...el.querySelectorAll('.waiting-list li')].map(textOf);
    expect(steps).toHaveLength(2);
    expect(steps[1]).toContain('the confirmation of a member of your organisation');
  });

  it('puts the server’s 400 messages on the fields they name, keeping what was typed', async () => {
    await setUp();
    fillAll();
    await submit();

    http
      .expectOne('/api/auth/register')
      .flush(
        apiError(400, 'invalid_input', {}, [problem('password', 'password_common'), problem('organizationId', 'unknown_organisation')]),
        {
          status: 400,
          statusText: 'Bad Request',
        },
      );
    await settle();
    await fixture.whenStable();

    expect(textOf(el.querySelector('#register-password-error'))).toContain('This password is too common');
    expect(textOf(el.querySelector('#register-organization-error'))).toBe('Error: Choose your organisation from the list.');
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(document.activeElement?.id).toBe('register-password');
    expect(el.querySelector<HTMLInputElement>('#register-email')?.value).toBe('aminata@example.org');
    expect(el.querySelector<HTMLInputElement>('#register-password')?.value).toBe('une longue phrase de passe');
  });

  it('keeps everything typed when the server fails, and says so', async () => {
    await setUp();
    fillAll();
    await submit();

    http.expectOne('/api/auth/register').flush(apiError(500, 'server_error'), { status: 500, statusText: 'Error' });
    await settle();
    await fixture.whenStable();

    expect(textOf(el.querySelector('[role="alert"]'))).toContain('what you typed is still here');
    expect(el.querySelector<HTMLInputElement>('#register-name')?.value).toBe(' Aminata Traoré ');
    expect(el.querySelector<HTMLSelectElement>('#register-organization')?.value).toBe(justiceOrg.id);
  });

  it('is in French for a French reader, who registers in French by default', async () => {
    await setUp('fr');

    expect(textOf(el.querySelector('h1'))).toBe('Créer un compte');
    const checked = [...el.querySelectorAll<HTMLInputElement>('input[type="radio"]')].filter((r) => r.checked);
    expect(checked.map((r) => r.value)).toEqual(['fr']);
    await submit();
    expect(textOf(el.querySelector('#register-email-error'))).toBe('Erreur : Cette information est obligatoire.');
  });
});
