import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { settle, textOf } from '../../testing/accounts';
import { dialogueView } from '../../testing/curation';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { roundSummary, stateCounts } from '../../testing/rounds';
import { LanguageService } from '../core/language.service';
import { CurrentRoundsComponent } from './current-rounds.component';

describe(CurrentRoundsComponent.name, () => {
  let fixture: ComponentFixture<CurrentRoundsComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;

  const closed = roundSummary({ id: 'autumn', title: { en: 'Autumn round' }, state: 'closed', opensOn: '2026-10-01' });
  const older = roundSummary({ id: 'spring', title: { en: 'Spring round' }, state: 'closed', opensOn: '2026-03-01' });

  beforeEach(async () => {
    localStorage.clear();
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [CurrentRoundsComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CurrentRoundsComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
  });

  afterEach(() => http.verify());

  async function answer(): Promise<void> {
    http.expectOne('/api/dialogues').flush([dialogueView({ id: 'd1' }), dialogueView({ id: 'd2' })]);
    await settle();
    http.expectOne('/api/dialogues/d1/rounds').flush([closed, older]);
    http.expectOne('/api/dialogues/d2/rounds').flush([]);
    await fixture.whenStable();
    sockets[0]?.accept();
    await fixture.whenStable();
  }

  it('keeps its place while it loads', () => {
    expect(el.querySelector('section.current-rounds [role="status"]')).not.toBeNull();
    http.expectOne('/api/dialogues');
  });

  it('shows each dialogue’s current round with its completion, linked to its page; a dialogue without a round, nothing', async () => {
    await answer();
    const rounds = [...el.querySelectorAll('.current-round')];
    expect(rounds).toHaveLength(1);
    expect(textOf(rounds[0].querySelector('.current-round-title'))).toBe('Autumn round Closed');
    expect(rounds[0].querySelector('a')?.getAttribute('href')).toBe('/rounds/autumn');
    expect(textOf(rounds[0].querySelector('.completion-figure'))).toBe('50% answered: 2 of 4');
  });

  it('follows the dialogues’ rooms: a round that opens becomes the current one, and its figures move', async () => {
    await answer();
    expect(sockets[0].subscriptions()).toEqual(['dialogue:d1', 'dialogue:d2']);
    const winter = roundSummary({ id: 'winter', dialogueId: 'd1', title: { en: 'Winter round' }, state: 'open', opensOn: '2026-12-02' });
    sockets[0].push('round.updated', { ...winter, completion: { ...winter.completion, overall: stateCounts({ requested: 4 }) } });
    await fixture.whenStable();
    expect(textOf(el.querySelector('.current-round-title'))).toBe('Winter round Open');
    sockets[0].push('round.updated', { ...winter, completion: { ...winter.completion, overall: stateCounts({ requested: 3, late: 1 }) } });
    await fixture.whenStable();
    expect(textOf(el.querySelector('.completion-figure'))).toBe('25% answered: 1 of 4');
  });
});
