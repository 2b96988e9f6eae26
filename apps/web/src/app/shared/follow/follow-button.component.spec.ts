import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { FollowView, MeView } from '@suivi/contracts';
import { apiError, loginResponse, meView, settle, textOf } from '../../../testing/accounts';
import { translocoTesting } from '../../../testing/i18n-testing';
import { authInterceptor } from '../../core/auth/auth.interceptor';
import { AuthService } from '../../core/auth/auth.service';
import { LanguageService } from '../../core/language.service';
import { FollowButtonComponent } from './follow-button.component';

const follow: FollowView = {
  id: 'f1',
  subjectType: 'commitment',
  subjectId: 'c1',
  title: { en: 'Operationalise the Specialised Judicial Pole' },
  createdAt: '2026-11-01T10:00:00Z',
};

describe(FollowButtonComponent.name, () => {
  let fixture: ComponentFixture<FollowButtonComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(me: MeView | null, follows: FollowView[] | null = []): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [FollowButtonComponent, translocoTesting()],
      providers: [provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    fixture = TestBed.createComponent(FollowButtonComponent);
    fixture.componentRef.setInput('subjectType', 'commitment');
    fixture.componentRef.setInput('subjectId', 'c1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    if (follows) {
      http.expectOne('/api/me/follows').flush(follows);
      await settle();
      await fixture.whenStable();
    } else {
      // Still loading: whenStable would wait for the answer.
      fixture.detectChanges();
    }
  }

  const button = () => el.querySelector<HTMLButtonElement>('button');

  async function click(): Promise<void> {
    button()?.click();
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  it('is not offered to the public nor to accounts that are not active', async () => {
    await open(null, null);
    expect(button()).toBeNull();

    TestBed.resetTestingModule();
    await open(meView({ status: 'pending', awaiting: ['approval'] }), null);
    expect(button()).toBeNull();
  });

  it('waits for the follows to be known before offering anything', async () => {
    await open(meView(), null);

    expect(button()?.disabled).toBe(true);
    http.expectOne('/api/me/follows').flush([]);
    await settle();
    await fixture.whenStable();
    expect(button()?.disabled).toBe(false);
  });

  it('follows, says what that means, then unfollows', async () => {
    await open(meView());
    expect(textOf(button())).toBe('Follow this commitment');
    expect(textOf(el.querySelector('[role="status"]'))).toBe('');

    await click();
    expect(button()?.disabled).toBe(true);
    const post = http.expectOne('/api/follows');
    expect(post.request.method).toBe('POST');
    expect(post.request.body).toEqual({ subjectType: 'commitment', subjectId: 'c1' });
    post.flush(follow, { status: 201, statusText: 'Created' });
    await settle();
    await fixture.whenStable();

    expect(textOf(button())).toBe('Unfollow this commitment');
    expect(button()?.disabled).toBe(false);
    expect(textOf(el.querySelector('[role="status"]'))).toContain('You follow this commitment');

    await click();
    const del = http.expectOne('/api/follows/f1');
    expect(del.request.method).toBe('DELETE');
    del.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    await fixture.whenStable();

    expect(textOf(button())).toBe('Follow this commitment');
    expect(textOf(el.querySelector('[role="status"]'))).toBe('You no longer follow it.');
  });

  it('knows a follow made earlier', async () => {
    await open(meView(), [follow]);

    expect(textOf(button())).toBe('Unfollow this commitment');
  });

  it('says why a follow failed and stays as it was', async () => {
    await open(meView());
    await click();
    http.expectOne('/api/follows').flush(apiError(403, 'forbidden'), { status: 403, statusText: 'Forbidden' });
    await settle();
    await fixture.whenStable();

    expect(textOf(el.querySelector('[role="alert"]'))).toBe('Your account may not do this.');
    expect(textOf(button())).toBe('Follow this commitment');
  });

  it('reads the follows again when the follow was already gone', async () => {
    await open(meView(), [follow]);
    await click();
    http.expectOne('/api/follows/f1').flush(apiError(404, 'not_found', { resource: 'follow' }), { status: 404, statusText: 'Not Found' });
    await settle();
    TestBed.tick();
    http.expectOne('/api/me/follows').flush([]);
    await settle();
    await fixture.whenStable();

    expect(textOf(button())).toBe('Follow this commitment');
  });
});
