import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { apiError, buttonNamed, loginResponse, problem, secretariatMe, settle, textOf, type } from '../../testing/accounts';
import { dialogueView } from '../../testing/curation';
import { translocoTesting } from '../../testing/i18n-testing';
import { roundView } from '../../testing/rounds';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { RoundFormPageComponent } from './round-form-page.component';
import { localToday } from './round-order';

describe(RoundFormPageComponent.name, () => {
  let fixture: ComponentFixture<RoundFormPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [RoundFormPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).start(loginResponse(secretariatMe()));
    fixture = TestBed.createComponent(RoundFormPageComponent);
    fixture.componentRef.setInput('id', 'd1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/dialogues/d1').flush(dialogueView());
    http.expectOne('/api/organizations').flush([]);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function fill(): void {
    type(el, '#round-new-title-en', 'Winter round');
    type(el, '#round-new-due', '2099-01-10');
  }

  it('opens today by default, and says when the round closes when no closing day is given', async () => {
    expect(el.querySelector<HTMLInputElement>('#round-new-opens')?.value).toBe(localToday());
    expect(textOf(el.querySelector('#round-new-closes-hint'))).toBe('Leave empty to close the round 14 days after the due date.');
    type(el, '#round-new-due', '2099-12-25');
    await fixture.whenStable();
    expect(textOf(el.querySelector('#round-new-closes-hint'))).toBe(
      'Leave empty to close the round 14 days after the due date, on Jan 8, 2100.',
    );
    expect(textOf(el.querySelector('button[type="submit"]'))).toBe('Open the round');
    type(el, '#round-new-opens', '2099-01-01');
    await fixture.whenStable();
    expect(textOf(el.querySelector('button[type="submit"]'))).toBe('Plan the round');
  });

  it('sends nothing until the title and the due day are there', async () => {
    buttonNamed(el, 'Open the round').click();
    await fixture.whenStable();
    expect(textOf(el.querySelector('#round-new-title-error'))).toBe('Error: Write it in English or in French (or both).');
    expect(textOf(el.querySelector('#round-new-due-error'))).toBe('Error: This information is required.');
    http.expectNone('/api/dialogues/d1/rounds');
  });

  it('opens the round, civil society invited, every open commitment asked about, then goes to its page', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fill();
    buttonNamed(el, 'Open the round').click();
    const post = http.expectOne('/api/dialogues/d1/rounds');
    expect(post.request.body).toEqual({
      title: { en: 'Winter round' },
      opensOn: localToday(),
      dueOn: '2099-01-10',
      inviteAssessments: true,
      scope: null,
    });
    post.flush(roundView({ id: 'r9' }), { status: 201, statusText: 'Created' });
    await settle();
    expect(navigate).toHaveBeenCalledWith(['/rounds', 'r9']);
  });

  it('says a refusal by its code: an overlap above the form, a date problem on its field', async () => {
    fill();
    buttonNamed(el, 'Open the round').click();
    http
      .expectOne('/api/dialogues/d1/rounds')
      .flush(apiError(409, 'round_overlap', { opensOn: '2098-12-01', closesOn: '2099-01-20' }), { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    expect(textOf(el.querySelector('.form-failure'))).toBe(
      'Another round of this dialogue runs from 2098-12-01 to 2099-01-20; rounds of one dialogue cannot overlap.',
    );

    buttonNamed(el, 'Open the round').click();
    http
      .expectOne('/api/dialogues/d1/rounds')
      .flush(apiError(400, 'invalid_input', {}, [problem('dueOn', 'not_in_past')]), { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(el.querySelector('.form-failure')).toBeNull();
    expect(textOf(el.querySelector('#round-new-due-error'))).toBe('Error: This date cannot be in the past.');
    expect(el.querySelector('#round-new-due')?.getAttribute('aria-invalid')).toBe('true');
  });
});
