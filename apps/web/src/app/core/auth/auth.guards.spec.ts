import { Location } from '@angular/common';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideLocationMocks } from '@angular/common/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { MeView } from '@suivi/contracts';
import { loginResponse, meView, secretariatMe, settle } from '../../../testing/accounts';
import { administerGuard, curateGuard, safeReturnUrl, signOutGuard, signedInGuard, signedOutGuard } from './auth.guards';
import { authInterceptor } from './auth.interceptor';
import { AuthService, SESSION_HINT_KEY } from './auth.service';

@Component({ selector: 'suivi-test-page', changeDetection: ChangeDetectionStrategy.OnPush, template: '<p>page</p>' })
class PageStub {}

@Component({ selector: 'suivi-test-forbidden', changeDetection: ChangeDetectionStrategy.OnPush, template: '<p>forbidden</p>' })
class ForbiddenStub {}

describe('route guards', () => {
  let harness: RouterTestingHarness;
  let router: Router;
  let auth: AuthService;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: '', component: PageStub },
          { path: 'sign-in', canActivate: [signedOutGuard], component: PageStub },
          { path: 'account', canActivate: [signedInGuard], component: PageStub },
          { path: 'admin', canActivate: [administerGuard], component: PageStub },
          { path: 'dialogues/new', canActivate: [curateGuard], component: PageStub },
          { path: 'forbidden', component: ForbiddenStub },
          { path: 'logout', canActivate: [signOutGuard], children: [] },
        ]),
        provideLocationMocks(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    router = TestBed.inject(Router);
    auth = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  function signedInAs(me: MeView): void {
    auth.start(loginResponse(me));
  }

  describe(signedInGuard.name, () => {
    it('sends a signed-out visitor to sign in, with the way back', async () => {
      await harness.navigateByUrl('/account?tab=password');

      expect(router.url).toBe('/sign-in?returnUrl=%2Faccount%3Ftab%3Dpassword&needs=account');
    });

    it('lets a signed-in account through, pending ones included', async () => {
      signedInAs(meView({ status: 'pending', awaiting: ['approval'] }));

      await harness.navigateByUrl('/account');

      expect(router.url).toBe('/account');
    });

    it('waits for the start-up restore before deciding', async () => {
      localStorage.setItem(SESSION_HINT_KEY, '1');
      const navigation = router.navigateByUrl('/account');
      await settle();

      http.expectOne('/api/auth/refresh').flush(loginResponse());
      await navigation;

      expect(router.url).toBe('/account');
    });
  });

  describe(signOutGuard.name, () => {
    it('signs the person out on the server and here, then shows the dashboard', async () => {
      signedInAs(meView());

      const navigation = router.navigateByUrl('/logout');
      await settle();
      http.expectOne({ method: 'POST', url: '/api/auth/logout' }).flush(null);
      await navigation;

      expect(auth.signedIn()).toBe(false);
      expect(router.url).toBe('/');
    });

    it('shows a signed-out visitor the dashboard, asking the server nothing', async () => {
      await harness.navigateByUrl('/logout');

      expect(router.url).toBe('/');
    });
  });

  describe('administerGuard', () => {
    it('sends a signed-out visitor to sign in first', async () => {
      await harness.navigateByUrl('/admin');

      expect(router.url).toBe('/sign-in?returnUrl=%2Fadmin&needs=secretariat');
    });

    it('shows a member the 403 page at the address they asked for', async () => {
      signedInAs(meView());

      await harness.navigateByUrl('/admin');

      expect(TestBed.inject(Location).path()).toBe('/admin');
      expect((harness.routeNativeElement as HTMLElement).textContent).toContain('forbidden');
    });

    it('treats a pending or suspended secretariat account as the public rule does', async () => {
      signedInAs(secretariatMe({ status: 'pending' }));

      await harness.navigateByUrl('/admin');

      expect((harness.routeNativeElement as HTMLElement).textContent).toContain('forbidden');
    });

    it('lets the active secretariat in', async () => {
      signedInAs(secretariatMe());

      await harness.navigateByUrl('/admin');

      expect(router.url).toBe('/admin');
      expect((harness.routeNativeElement as HTMLElement).textContent).toContain('page');
    });
  });

  describe('curateGuard', () => {
    it('keeps curation pages for the active secretariat, with the same rule as the API', async () => {
      await harness.navigateByUrl('/dialogues/new');
      expect(router.url).toBe('/sign-in?returnUrl=%2Fdialogues%2Fnew&needs=secretariat');

      signedInAs(meView());
      await harness.navigateByUrl('/dialogues/new');
      expect(TestBed.inject(Location).path()).toBe('/dialogues/new');
      expect((harness.routeNativeElement as HTMLElement).textContent).toContain('forbidden');

      signedInAs(secretariatMe());
      await harness.navigateByUrl('/dialogues/new');
      expect(router.url).toBe('/dialogues/new');
      expect((harness.routeNativeElement as HTMLElement).textContent).toContain('page');
    });
  });

  describe(signedOutGuard.name, () => {
    it('sends someone already signed in from the sign-in page to their account', async () => {
      signedInAs(meView());

      await harness.navigateByUrl('/sign-in');

      expect(router.url).toBe('/account');
    });
  });

  describe(safeReturnUrl.name, () => {
    it.each([
      ['/commitments?status=stalled', '/commitments?status=stalled'],
      ['//evil.example.org', null],
      ['/\\evil.example.org', null],
      ['https://evil.example.org', null],
      ['javascript:alert(1)', null],
      ['', null],
      [undefined, null],
    ])('%j → %j', (value, expected) => {
      expect(safeReturnUrl(value)).toBe(expected);
    });
  });
});
