import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CommitmentState } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { CommitmentBadgesComponent } from './commitment-badges.component';

function state(overrides: Partial<CommitmentState> = {}): CommitmentState {
  return {
    currentStatus: 'in_progress',
    verifiedStatus: null,
    assessedStatus: null,
    overdue: false,
    contested: false,
    ...overrides,
  };
}

describe(CommitmentBadgesComponent.name, () => {
  let fixture: ComponentFixture<CommitmentBadgesComponent>;

  async function badges(value: CommitmentState, withVerified = false): Promise<string[]> {
    fixture.componentRef.setInput('state', value);
    fixture.componentRef.setInput('withVerified', withVerified);
    await fixture.whenStable();
    return [...(fixture.nativeElement as HTMLElement).querySelectorAll('.badge')].map(
      (b) => b.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    );
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({ imports: [translocoTesting(), CommitmentBadgesComponent] });
    await TestBed.inject(LanguageService).use('en');
    fixture = TestBed.createComponent(CommitmentBadgesComponent);
  });

  it('shows the current status alone when nothing else is to be said', async () => {
    expect(await badges(state())).toEqual(['In progress']);
  });

  it('shows the assessed status only when civil society sees it differently', async () => {
    expect(await badges(state({ assessedStatus: 'in_progress' }))).toEqual(['In progress']);
    // The API's `contested` decides, never a comparison here (issue 19: one derivation, in the API).
    expect(await badges(state({ currentStatus: 'completed', assessedStatus: 'stalled', contested: false }))).toEqual(['Completed']);
    expect(await badges(state({ assessedStatus: 'stalled', contested: true }))).toEqual(['In progress', 'Assessed: Stalled', 'Contested']);
  });

  it('marks an overdue commitment', async () => {
    expect(await badges(state({ currentStatus: 'not_started', overdue: true }))).toEqual(['Not started', 'Overdue']);
  });

  it('shows a differing verified status on request', async () => {
    const value = state({ currentStatus: 'completed', verifiedStatus: 'in_progress' });
    expect(await badges(value)).toEqual(['Completed']);
    expect(await badges(value, true)).toEqual(['Completed', 'Verified: In progress']);
    expect(await badges(state({ verifiedStatus: 'in_progress' }), true)).toEqual(['In progress']);
  });

  it('colours each badge by its status', async () => {
    await badges(state({ assessedStatus: 'stalled', overdue: true, contested: true }));
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('.badge.status-in_progress')).not.toBeNull();
    expect(el.querySelector('.badge.status-stalled.badge-outline')).not.toBeNull();
    expect(el.querySelector('.badge.badge-overdue')).not.toBeNull();
  });

  it('speaks the reader’s language', async () => {
    await TestBed.inject(LanguageService).use('fr');
    expect(await badges(state({ assessedStatus: 'stalled', overdue: true, contested: true }))).toEqual([
      'En cours',
      'Évalué : Au point mort', // whitespace normalised, no-break space included
      'En retard',
      'Contesté',
    ]);
  });
});
