import type { RoundSummary } from '@suivi/contracts';

/**
 * How current a round is, the API's rule for "the current round" (rounds.service `current`): the
 * open one, else the latest closed, else the next planned. Lower comes first.
 */
function rank(round: RoundSummary): number {
  switch (round.state) {
    case 'open':
      return 0;
    case 'closed':
      return 1;
    case 'planned':
      return 2;
  }
}

/** The current round first, then the others newest first (by opening day). */
export function byCurrency(a: RoundSummary, b: RoundSummary): number {
  const byState = rank(a) - rank(b);
  if (byState !== 0) {
    return byState;
  }
  // The next planned round is the nearest one; closed rounds, the latest first.
  return a.state === 'planned' ? a.opensOn.localeCompare(b.opensOn) : b.opensOn.localeCompare(a.opensOn);
}

/** The dialogue's current round, or null when it has none. */
export function currentRound(rounds: readonly RoundSummary[]): RoundSummary | null {
  return [...rounds].sort(byCurrency)[0] ?? null;
}

/** Rounds as a pushed `round.updated` leaves them: the round replaced, or added when new. */
export function withPushed(rounds: readonly RoundSummary[], pushed: RoundSummary): RoundSummary[] {
  const known = rounds.some((r) => r.id === pushed.id);
  const next = known
    ? rounds.map((r) => (r.id === pushed.id && pushed.version >= r.version ? { ...r, ...pushed } : r))
    : [...rounds, pushed];
  return next.sort(byCurrency);
}

/** Today in the reader's own time zone, as `YYYY-MM-DD`. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
