import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { EmailPreferencesView } from '@suivi/contracts';
import { apiError, buttonNamed, problem, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { EmailPreferencesComponent, changedPreferences } from './email-preferences.component';

const URL = '/api/me/email-preferences';

function view(
  overrides: Partial<EmailPreferencesView['preferences']> = {},
  chosen: EmailPreferencesView['chosen'] = [],
): EmailPreferencesView {
  return {
    preferences: { activity: 'daily', asks: 'immediate', reminders: 'immediate', account: 'immediate', ...overrides },
    chosen,
    email: 'boubacar@example.org',
  };
}

describe(EmailPreferencesComponent.name, () => {
  let fixture: ComponentFixture<EmailPreferencesComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [EmailPreferencesComponent, translocoTesting()],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(EmailPreferencesComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  function group(legend: string): HTMLFieldSetElement {
    const found = [...el.querySelectorAll<HTMLFieldSetElement>('fieldset')].find((f) => textOf(f.querySelector('legend')) === legend);
    if (!found) {
      throw new Error(`no group ${legend}`);
    }
    return found;
  }

  /** Each group's legend and the label of its checked choice. */
  function choices(): string[][] {
    return [...el.querySelectorAll('fieldset')].map((f) => [
      textOf(f.querySelector('legend')),
      textOf(f.querySelector<HTMLInputElement>('input:checked')?.closest('label')),
    ]);
  }

  async function pick(legend: string, label: string): Promise<void> {
    const input = [...group(legend).querySelectorAll<HTMLInputElement>('input[type="radio"]')].find(
      (i) => textOf(i.closest('label')) === label,
    );
    if (!input) {
      throw new Error(`no choice ${label} in ${legend}`);
    }
    input.click();
    await stable();
  }

  afterEach(() => http.verify());

  it('shows each category, what it covers, its cadence as saved, and where mail goes', async () => {
    await open();
    http.expectOne(URL).flush(view({ reminders: 'off' }, ['reminders']));
    await stable();

    expect(textOf(el.querySelector('.email-address'))).toBe('Mails go to boubacar@example.org, in the language of your profile.');
    expect(choices()).toEqual([
      ['What you follow', 'Daily digest'],
      ['What is asked of you', 'At once'],
      ['Round reminders', 'No mail'],
      ['Your account', 'At once'],
    ]);
    const asks = group('What is asked of you');
    const hint = asks.querySelector('.field-hint');
    expect(textOf(hint)).toBe('Report requests, verifications, contested commitments and newcomers: what waits for you to act.');
    expect(asks.getAttribute('aria-describedby')).toBe(hint?.id);
    expect([...asks.querySelectorAll('label')].map(textOf)).toEqual(['At once', 'Daily digest', 'Weekly digest', 'No mail']);
    // One radio group per category: arrow keys move within a category, not across them.
    expect(new Set([...asks.querySelectorAll('input')].map((i) => i.name))).toEqual(new Set(['asks']));
  });

  it('sends only what changed, then says it is saved', async () => {
    await open();
    http.expectOne(URL).flush(view());
    await stable();

    await pick('What you follow', 'Weekly digest');
    buttonNamed(el, 'Save the email choices').click();
    await stable();

    const put = http.expectOne(URL);
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ preferences: { activity: 'weekly' } });
    put.flush(view({ activity: 'weekly' }, ['activity']));
    await stable();

    expect(textOf(el.querySelector('[role="status"]'))).toBe('Your email choices are saved.');
    expect(choices()[0]).toEqual(['What you follow', 'Weekly digest']);
  });

  it('sends nothing when nothing changed, and says so', async () => {
    await open();
    http.expectOne(URL).flush(view());
    await stable();

    buttonNamed(el, 'Save the email choices').click();
    await stable();

    http.expectNone(URL);
    expect(textOf(el.querySelector('.form-failure'))).toBe('Nothing differs from what is saved: change something first.');
  });

  it('puts a refused cadence on its category, and a failure above the form', async () => {
    await open();
    http.expectOne(URL).flush(view());
    await stable();
    await pick('Your account', 'No mail');
    buttonNamed(el, 'Save the email choices').click();
    await stable();
    http
      .expectOne(URL)
      .flush(
        apiError(400, 'invalid_input', {}, [problem('preferences.account', 'not_allowed', { allowed: 'immediate, daily, weekly, off' })]),
        {
          status: 400,
          statusText: 'Bad Request',
        },
      );
    await stable();

    const account = group('Your account');
    expect(textOf(account.querySelector('.field-error'))).toBe(
      'Error: This value is not in the list. Allowed values: immediate, daily, weekly, off.',
    );
    expect(account.getAttribute('aria-describedby')).toBe('email-account-hint email-account-error');
    expect(el.querySelector('[role="status"]')?.textContent?.trim()).toBe('');

    await pick('Your account', 'Weekly digest');
    expect(account.querySelector('.field-error')).toBeNull();
    buttonNamed(el, 'Save the email choices').click();
    await stable();
    http.expectOne(URL).flush(null, { status: 503, statusText: 'Unavailable' });
    await stable();
    expect(el.querySelector('.form-failure')).not.toBeNull();
    expect(document.activeElement).toBe(el.querySelector('.form-failure'));
  });

  it('speaks French', async () => {
    await open('fr');
    http.expectOne(URL).flush(view());
    await stable();

    expect(choices()).toEqual([
      ['Ce que vous suivez', 'Résumé quotidien'],
      ['Ce qui vous est demandé', 'Tout de suite'],
      ['Rappels des cycles', 'Tout de suite'],
      ['Votre compte', 'Tout de suite'],
    ]);
    expect(textOf(el.querySelector('.email-address'))).toBe(
      'Les courriels sont envoyés à boubacar@example.org, dans la langue de votre profil.',
    );
  });

  it('offers to try again when the choices cannot be read', async () => {
    await open();
    http.expectOne(URL).flush(null, { status: 500, statusText: 'Server Error' });
    await stable();
    expect(el.querySelector('[role="alert"]')).not.toBeNull();
    buttonNamed(el, 'Try again').click();
    await settle();
    http.expectOne(URL).flush(view());
    await stable();
    expect(el.querySelectorAll('fieldset')).toHaveLength(4);
  });
});

describe(changedPreferences.name, () => {
  it('keeps only the categories whose cadence differs', () => {
    const saved = { activity: 'daily', asks: 'immediate', reminders: 'immediate', account: 'immediate' } as const;
    expect(changedPreferences(saved, { ...saved, asks: 'off', account: 'immediate' })).toEqual({ asks: 'off' });
    expect(changedPreferences(saved, saved)).toEqual({});
  });
});
