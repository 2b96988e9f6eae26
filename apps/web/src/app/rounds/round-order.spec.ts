import { roundSummary } from '../../testing/rounds';
import { byCurrency, currentRound, localToday, withPushed } from './round-order';

describe('the current round', () => {
  const closedOld = roundSummary({ id: 'old', state: 'closed', opensOn: '2025-10-01' });
  const closedRecent = roundSummary({ id: 'recent', state: 'closed', opensOn: '2026-10-01' });
  const open = roundSummary({ id: 'open', state: 'open', opensOn: '2026-06-01' });
  const plannedLate = roundSummary({ id: 'late', state: 'planned', opensOn: '2027-06-01' });
  const plannedSoon = roundSummary({ id: 'soon', state: 'planned', opensOn: '2027-01-10' });

  it('is the open round, else the latest closed, else the next planned (the API’s rule)', () => {
    expect(currentRound([closedOld, plannedSoon, open, closedRecent])?.id).toBe('open');
    expect(currentRound([closedOld, plannedSoon, closedRecent])?.id).toBe('recent');
    expect(currentRound([plannedLate, plannedSoon])?.id).toBe('soon');
    expect(currentRound([])).toBeNull();
  });

  it('comes first in a list, the others after it', () => {
    expect([closedOld, plannedLate, closedRecent, open].sort(byCurrency).map((r) => r.id)).toEqual(['open', 'recent', 'old', 'late']);
  });

  it('follows what is pushed: a round replaced, a new one added, an older version ignored', () => {
    const pushed = roundSummary({ id: 'open', state: 'closed', version: 2, opensOn: '2026-06-01' });
    expect(withPushed([open, closedOld], pushed).map((r) => [r.id, r.state])).toEqual([
      ['open', 'closed'],
      ['old', 'closed'],
    ]);
    const next = roundSummary({ id: 'next', state: 'open', opensOn: '2026-12-02' });
    expect(withPushed([closedRecent], next).map((r) => r.id)).toEqual(['next', 'recent']);
    const stale = roundSummary({ id: 'open', state: 'planned', version: 0 });
    expect(withPushed([open], stale)[0].state).toBe('open');
  });
});

describe(localToday.name, () => {
  it('is the reader’s own calendar day', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
