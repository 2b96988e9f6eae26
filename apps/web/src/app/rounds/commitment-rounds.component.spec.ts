import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { CommitmentRoundState } from '@suivi/contracts';
import { textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { CommitmentRoundsComponent } from './commitment-rounds.component';

describe(CommitmentRoundsComponent.name, () => {
  const winter: CommitmentRoundState = {
    roundId: 'r2',
    title: { en: 'Winter round', fr: 'Cycle d’hiver' },
    dueOn: '2026-12-15',
    closesOn: '2026-12-29',
    roundState: 'open',
    states: { self_report: 'submitted', independent_assessment: 'requested' },
  };
  const autumn: CommitmentRoundState = {
    roundId: 'r1',
    title: { en: 'Autumn round', fr: 'Cycle d’automne' },
    dueOn: '2026-11-16',
    closesOn: '2026-11-30',
    roundState: 'closed',
    states: { self_report: 'missing' },
  };

  async function show(rounds: CommitmentRoundState[], lang: 'en' | 'fr' = 'en'): Promise<HTMLElement> {
    TestBed.configureTestingModule({ imports: [CommitmentRoundsComponent, translocoTesting()], providers: [provideRouter([])] });
    await TestBed.inject(LanguageService).use(lang);
    const fixture = TestBed.createComponent(CommitmentRoundsComponent);
    fixture.componentRef.setInput('rounds', rounds);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  const items = (el: HTMLElement) =>
    [...el.querySelectorAll('.brief-list > li')].map((li) => ({
      round: textOf(li.querySelector('a')),
      href: li.querySelector('a')?.getAttribute('href'),
      due: textOf(li.querySelector('.brief-meta')),
      states: [...li.querySelectorAll('.round-answers li')].map(textOf),
    }));

  it('says each track’s state in words, each round linked, newest first', async () => {
    expect(items(await show([winter, autumn]))).toEqual([
      {
        round: 'Winter round',
        href: '/rounds/r2',
        due: 'Reports due Dec 15, 2026',
        states: ['Report submitted', 'Independent assessment invited'],
      },
      { round: 'Autumn round', href: '/rounds/r1', due: 'Reports were due Nov 16, 2026', states: ['No report this round'] },
    ]);
  });

  it('says it in French', async () => {
    expect(items(await show([winter, autumn], 'fr')).map((i) => i.states)).toEqual([
      ['Rapport remis', 'Évaluation indépendante demandée'],
      ['Aucun rapport pour ce cycle'],
    ]);
  });

  it('shows nothing for a commitment no round asked about', async () => {
    expect((await show([])).querySelector('section')).toBeNull();
  });
});
