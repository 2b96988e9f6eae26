import { TestBed } from '@angular/core/testing';
import type { StateCounts } from '@suivi/contracts';
import { textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { stateCounts } from '../../testing/rounds';
import { LanguageService } from '../core/language.service';
import { RoundCompletionComponent, completionPercent } from './round-completion.component';

describe(RoundCompletionComponent.name, () => {
  async function show(counts: StateCounts, lang: 'en' | 'fr' = 'en', compact = false): Promise<HTMLElement> {
    TestBed.configureTestingModule({ imports: [RoundCompletionComponent, translocoTesting()] });
    await TestBed.inject(LanguageService).use(lang);
    const fixture = TestBed.createComponent(RoundCompletionComponent);
    fixture.componentRef.setInput('counts', counts);
    fixture.componentRef.setInput('compact', compact);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('writes the figures out, and reads the bar as a progress bar with the same words', async () => {
    const el = await show(stateCounts({ submitted: 5, late: 1, missing: 2, requested: 8 }));
    expect(textOf(el.querySelector('.completion-figure'))).toBe('38% answered: 6 of 16');
    const bar = el.querySelector('[role="progressbar"]');
    expect([bar?.getAttribute('aria-valuenow'), bar?.getAttribute('aria-valuemax'), bar?.getAttribute('aria-label')]).toEqual([
      '6',
      '16',
      'Completion of the round',
    ]);
    expect(bar?.getAttribute('aria-valuetext')).toBe('38%: 6 of 16 answered, 1 late, 2 missing');
    expect([...el.querySelectorAll('.legend li')].map(textOf)).toEqual([
      'Submitted on time 5',
      'Submitted late 1',
      'Missing 2',
      'Still awaited 8',
    ]);
  });

  it('says it in French, and leaves the legend out when compact', async () => {
    const el = await show(stateCounts({ submitted: 1, requested: 1000 }), 'fr', true);
    expect(textOf(el.querySelector('.completion-figure'))).toBe('0 % de réponses : 1 sur 1 001');
    expect(el.querySelector('.legend')).toBeNull();
  });

  it('counts late answers as answered, and an empty round as 0%', () => {
    expect(completionPercent(stateCounts({ late: 1, missing: 1 }))).toBe(50);
    expect(completionPercent(stateCounts())).toBe(0);
  });
});
