/**
 * Calendar arithmetic in the deployment's TIME_ZONE ("reminders go out at 08:00 in TIME_ZONE"),
 * with the platform's own time-zone data (Intl), so a zone with summer time is right on both
 * sides of its change. Days are ISO strings (`YYYY-MM-DD`).
 */

const DAY_MS = 24 * 3600 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at `instant`, read as if it were UTC (ms). */
function wallClock(instant: number, timeZone: string): number {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return Date.UTC(+parts['year'], +parts['month'] - 1, +parts['day'], +parts['hour'], +parts['minute'], +parts['second']);
}

/** The day it is in `timeZone` at `instant`. */
export function localDay(instant: Date, timeZone: string): string {
  return new Date(wallClock(instant.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The instant at which it is `hour`:00 on `day` in `timeZone`. */
export function atLocalHour(day: string, hour: number, timeZone: string): Date {
  const wanted = Date.parse(`${day}T00:00:00Z`) + hour * 3600 * 1000;
  // Two passes: the zone's offset at the first guess may differ from the one at the answer.
  let guess = wanted;
  for (let i = 0; i < 2; i++) {
    guess = wanted - (wallClock(guess, timeZone) - guess);
  }
  return new Date(guess);
}

export function addDaysTo(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Monday = 1 … Sunday = 7, as ISO counts. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/**
 * The days whose `hour`:00 in `timeZone` fell in the 24 hours up to `now`: the occasions that may
 * still be sent (DESIGN.md: nothing older than 24 hours is sent). Newest first; at most two days.
 */
export function occasionDaysWithin24h(now: Date, hour: number, timeZone: string): Array<{ day: string; at: Date }> {
  const today = localDay(now, timeZone);
  return [today, addDaysTo(today, -1), addDaysTo(today, -2)]
    .map((day) => ({ day, at: atLocalHour(day, hour, timeZone) }))
    .filter(({ at }) => at.getTime() <= now.getTime() && now.getTime() - at.getTime() < DAY_MS);
}
