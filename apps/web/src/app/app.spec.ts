import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import type { AppInfoView, MeView } from '@suivi/contracts';
import { loginResponse, meView, secretariatMe, settle, textOf } from '../testing/accounts';
import { translocoTesting } from '../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../testing/realtime';
import { myWork, queues } from '../testing/work';
import { App, DEMO_HIDDEN_KEY } from './app';
import { signedInGuard } from './core/auth/auth.guards';
import { authInterceptor } from './core/auth/auth.interceptor';
import { AuthService } from './core/auth/auth.service';
import { LanguageService } from './core/language.service';

describe(App.name, () => {
  let fixture: ComponentFixture<App>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let sockets: FakeSocket[];

  beforeEach(async () => {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [App, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(App);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function answerInfo(info: AppInfoView): Promise<void> {
    http.expectOne('/api/info').flush(info);
    return fixture.whenStable();
  }

  it('has a skip link, the app name, the navigation and the landmarks', async () => {
    await answerInfo({ demo: false, version: '1.0.0' });

    expect(el.querySelector('.skip-link')?.textContent?.trim()).toBe('Skip to main content');
    expect(el.querySelector('header .brand')?.textContent?.trim()).toBe('Suivi');
    const links = [...el.querySelectorAll('.main-nav a')].map((a) => a.textContent?.trim());
    expect(links).toEqual(['Dashboard', 'Commitments', 'Dialogues', 'Discussions']);
    expect(el.querySelector('main#main')).not.toBeNull();
    expect(el.querySelector('footer')).not.toBeNull();
    expect(el.querySelector('.demo-banner')).toBeNull();
  });

  it('says so when the data is the invented demo', async () => {
    await answerInfo({ demo: true, version: '1.0.0' });

    expect(el.querySelector('.demo-banner')?.textContent).toContain('invented for illustration');
  });

  it('puts the demonstration notice away on request, for the next visits too', async () => {
    await answerInfo({ demo: true, version: '1.0.0' });

    // A "×" on a phone, the words beside it from 48rem: the words are its name either way.
    const hide = el.querySelector<HTMLButtonElement>('.demo-banner button');
    expect(hide?.querySelector('[aria-hidden="true"]')?.textContent?.trim()).toBe('×');
    expect(hide?.querySelector('.demo-hide-label')?.textContent?.trim()).toBe('Hide this notice');
    hide?.click();
    await fixture.whenStable();

    expect(el.querySelector('.demo-banner')).toBeNull();
    expect(localStorage.getItem(DEMO_HIDDEN_KEY)).toBe('1');
    expect(document.activeElement?.id).toBe('main');
    const next = TestBed.createComponent(App);
    await next.whenStable();
    expect((next.nativeElement as HTMLElement).querySelector('.demo-banner')).toBeNull();
  });

  it('folds the pages’ links under a menu button that says whether it is open, and folds them again after a navigation', async () => {
    await answerInfo({ demo: false, version: '1.0.0' });
    const toggle = el.querySelector<HTMLButtonElement>('.menu-toggle');
    expect(toggle?.getAttribute('aria-controls')).toBe('main-nav');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect(el.querySelector('#main-nav')?.classList.contains('open')).toBe(false);

    toggle?.click();
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    expect(el.querySelector('#main-nav')?.classList.contains('open')).toBe(true);

    // The only route of this test bed is the root: a change of its query is a navigation.
    expect(await TestBed.inject(Router).navigateByUrl('/?page=2')).toBe(true);
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
  });

  it('switches the whole shell to French from the header', async () => {
    await answerInfo({ demo: true, version: '1.0.0' });
    const [en, fr] = [...el.querySelectorAll<HTMLButtonElement>('.lang-switch button')];
    expect(en.getAttribute('aria-pressed')).toBe('true');

    fr.click();
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();

    expect(fr.getAttribute('aria-pressed')).toBe('true');
    expect(en.getAttribute('aria-pressed')).toBe('false');
    expect(document.documentElement.lang).toBe('fr');
    expect(el.querySelector('nav a')?.textContent?.trim()).toBe('Tableau de bord');
    expect(el.querySelector('.demo-banner')?.textContent).toContain('inventés pour l’illustration');
  });

  describe('navigation for each role', () => {
    async function as(me: MeView | null): Promise<void> {
      const auth = TestBed.inject(AuthService);
      if (me) {
        auth.start(loginResponse(me));
      }
      await auth.restore();
      await answerInfo({ demo: false, version: '1.0.0' });
      if (me && me.status !== 'suspended') {
        http
          .expectOne((r) => r.url === '/api/notifications')
          .flush({ items: [], total: 3, page: 1, pageSize: 1, unread: me.role === 'secretariat' ? 0 : 3 });
        if (me.role === 'secretariat' && me.status === 'active') {
          http.expectOne('/api/me/work').flush(myWork({ queues: queues({ accountsToApprove: 1, openFlags: 2 }) }));
        }
        await fixture.whenStable();
      }
    }

    const mainLinks = () => [...el.querySelectorAll('.main-nav a')].map(textOf);
    const accountLinks = () => [...el.querySelectorAll('.account-nav a, .account-nav button')].map(textOf);

    it('shows nothing about accounts until the session restore has settled', async () => {
      await answerInfo({ demo: false, version: '1.0.0' });

      expect(el.querySelector('.account-nav')).toBeNull();
    });

    it('offers the public to sign in or register, and no administration', async () => {
      await as(null);

      expect(accountLinks()).toEqual(['Sign in', 'Register']);
      expect(mainLinks()).not.toContain('Administration');
    });

    it('gives a signed-in member a menu with their name, their account and sign out', async () => {
      await as(meView());

      const toggle = el.querySelector<HTMLButtonElement>('.account-toggle');
      expect(textOf(toggle)).toBe('Account menu: Boubacar Diarra');
      expect(toggle?.getAttribute('aria-expanded')).toBe('false');
      expect(el.querySelector<HTMLElement>('#account-menu-list')?.hidden).toBe(true);
      expect(mainLinks()).not.toContain('Administration');

      toggle?.click();
      await fixture.whenStable();
      expect(toggle?.getAttribute('aria-expanded')).toBe('true');
      expect([...el.querySelectorAll('#account-menu-list li')].map(textOf)).toEqual(['Your account', 'Sign out']);

      el.querySelector('#account-menu-list a')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      await fixture.whenStable();
      expect(toggle?.getAttribute('aria-expanded')).toBe('false');
      expect(document.activeElement).toBe(toggle);
    });

    it('gives a signed-in person the notifications bell with the unread count', async () => {
      await as(meView());

      const bell = el.querySelector<HTMLAnchorElement>('.account-nav a.bell');
      expect(bell?.getAttribute('href')).toBe('/notifications');
      // The count is shown to the eye; screen readers hear "Notifications, 3 unread".
      expect(textOf(bell)).toBe('Notifications3, 3 unread');
      expect(bell?.querySelector('.bell-count')?.getAttribute('aria-hidden')).toBe('true');
      expect(textOf(bell?.querySelector('.bell-count'))).toBe('3');
    });

    it('gives an active account a link to My work, with no count for a member', async () => {
      await as(meView());

      const link = el.querySelector<HTMLAnchorElement>('.account-nav a.my-work-link');
      expect(link?.getAttribute('href')).toBe('/my-work');
      expect(textOf(link)).toBe('My work');
      http.expectNone('/api/me/work');
    });

    it('counts what waits in the secretariat’s queues beside My work, and moves the count live', async () => {
      await as(secretariatMe());

      const link = el.querySelector<HTMLAnchorElement>('.account-nav a.my-work-link');
      expect(textOf(link)).toBe('My work 3, 3 waiting');
      expect(link?.querySelector('.work-count')?.getAttribute('aria-hidden')).toBe('true');
      await settle();
      sockets[0].accept();
      expect(sockets[0].subscriptions()).toContain('moderation');

      sockets[0].push('queues.updated', queues({ accountsToApprove: 1, openFlags: 2, reportsToVerify: 4 }));
      await fixture.whenStable();
      expect(textOf(link?.querySelector('.work-count'))).toBe('7');
      sockets[0].push('queues.updated', queues());
      await fixture.whenStable();
      expect(link?.querySelector('.work-count')).toBeNull();
    });

    it('gives a pending account no link to My work', async () => {
      await as(meView({ status: 'pending', awaiting: ['approval'] }));

      expect(el.querySelector('.my-work-link')).toBeNull();
    });

    it('gives a suspended account no bell, and asks for no notifications (the API refuses them)', async () => {
      await as(meView({ status: 'suspended' }));

      expect(el.querySelector('.account-nav a.bell')).toBeNull();
      http.expectNone((r) => r.url === '/api/notifications');
      expect(textOf(el.querySelector('.account-toggle'))).toBe('Account menu: Boubacar Diarra');
    });

    it('shows no count when nothing is unread', async () => {
      await as(secretariatMe());

      expect(textOf(el.querySelector('.account-nav a.bell'))).toBe('Notifications');
      expect(el.querySelector('.bell-count')).toBeNull();
    });

    it('signs out from the menu', async () => {
      await as(meView());
      el.querySelector<HTMLButtonElement>('.account-toggle')?.click();
      await fixture.whenStable();

      [...el.querySelectorAll<HTMLButtonElement>('#account-menu-list button')].find((b) => textOf(b) === 'Sign out')?.click();
      http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
      await settle();
      await fixture.whenStable();

      expect(TestBed.inject(AuthService).signedIn()).toBe(false);
      expect(accountLinks()).toEqual(['Sign in', 'Register']);
    });

    it('adds Administration for the active secretariat only', async () => {
      await as(secretariatMe());

      expect(mainLinks()).toEqual(['Dashboard', 'Commitments', 'Dialogues', 'Discussions', 'Administration']);
      expect(el.querySelector('.main-nav a[href="/admin"]')).not.toBeNull();
    });

    it('gives a pending secretariat account no administration', async () => {
      await as(secretariatMe({ status: 'pending', awaiting: ['approval'] }));

      expect(mainLinks()).not.toContain('Administration');
    });
  });
});

@Component({ selector: 'suivi-test-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<p>page</p>' })
class PageStub {}

describe(`${App.name} when the server ends the session`, () => {
  it('runs the page’s guards again, so a page that needs an account sends the person to sign in', async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [App, translocoTesting()],
      providers: [
        provideRouter([
          { path: 'account', canActivate: [signedInGuard], runGuardsAndResolvers: 'always', component: PageStub },
          { path: 'sign-in', component: PageStub },
        ]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        fakeSockets().provider,
      ],
    });
    await TestBed.inject(LanguageService).use('en');
    const http = TestBed.inject(HttpTestingController);
    const router = TestBed.inject(Router);
    const auth = TestBed.inject(AuthService);
    auth.start(loginResponse(meView()));
    await auth.restore();
    const fixture = TestBed.createComponent(App);
    http.expectOne('/api/info').flush({ demo: false, version: '1.0.0' });
    await router.navigateByUrl('/account');
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/notifications').flush({ items: [], total: 0, page: 1, pageSize: 1, unread: 0 });

    TestBed.inject(HttpClient)
      .get('/api/me')
      .subscribe({ error: () => undefined });
    http.expectOne('/api/me').flush(null, { status: 401, statusText: 'Unauthorized' });
    http.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });
    await settle();
    await fixture.whenStable();

    expect(router.url).toBe('/sign-in?returnUrl=%2Faccount&needs=account');
    expect([...(fixture.nativeElement as HTMLElement).querySelectorAll('.account-nav a')].map(textOf)).toEqual(['Sign in', 'Register']);
    http.verify();
  });
});
