import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView } from '@suivi/contracts';
import { loginResponse, meView, secretariatMe, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { roundSummary, stateCounts } from '../../testing/rounds';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { DialogueRoundsComponent } from './dialogue-rounds.component';

describe(DialogueRoundsComponent.name, () => {
  let fixture: ComponentFixture<DialogueRoundsComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;

  const autumn = roundSummary({ id: 'autumn', title: { en: 'Autumn round' }, state: 'closed', opensOn: '2026-10-01', closedBy: 'system' });
  const spring = roundSummary({ id: 'spring', title: { en: 'Spring round' }, state: 'closed', opensOn: '2026-03-01' });
  const winter = roundSummary({ id: 'winter', title: { en: 'Winter round' }, state: 'planned', opensOn: '2027-01-05' });

  async function open(me: MeView | null): Promise<void> {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [DialogueRoundsComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    fixture = TestBed.createComponent(DialogueRoundsComponent);
    fixture.componentRef.setInput('dialogueId', 'd1');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/dialogues/d1/rounds').flush([winter, autumn, spring]);
    await fixture.whenStable();
    sockets[0]?.accept();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  const titles = () => [...el.querySelectorAll('.progress-title')].map(textOf);

  it('lists the rounds with their state and completion, the current one first', async () => {
    await open(null);
    expect(titles()).toEqual(['Autumn round', 'Spring round', 'Winter round']);
    expect(el.querySelector('.progress-title a')?.getAttribute('href')).toBe('/rounds/autumn');
    const first = el.querySelector('.progress-list > li') as HTMLElement;
    expect(textOf(first.querySelector('suivi-round-state'))).toBe('Closed');
    expect(textOf(first.querySelector('.completion-figure'))).toBe('50% answered: 2 of 4');
    expect(el.querySelector('.curation-links')).toBeNull();
  });

  it('offers the secretariat, and only it, to open a round', async () => {
    await open(secretariatMe());
    expect(el.querySelector('.curation-links a')?.getAttribute('href')).toBe('/dialogues/d1/rounds/new');
    TestBed.resetTestingModule();
    await open(meView());
    expect(el.querySelector('.curation-links')).toBeNull();
  });

  it('follows the dialogue’s room: a round that opens comes first, a report moves its figures', async () => {
    await open(null);
    expect(sockets[0].subscriptions()).toEqual(['dialogue:d1']);
    sockets[0].push('round.updated', {
      ...winter,
      state: 'open',
      completion: { ...winter.completion, overall: stateCounts({ requested: 3, submitted: 1 }) },
    });
    await fixture.whenStable();
    expect(titles()).toEqual(['Winter round', 'Autumn round', 'Spring round']);
    expect(textOf(el.querySelector('.progress-list > li .completion-figure'))).toBe('25% answered: 1 of 4');
  });
});
