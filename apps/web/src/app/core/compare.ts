/**
 * Orders ISO dates and timestamps, which sort as plain strings. `localeCompare` looked a
 * collator up on every call: sorting a commitment's timeline took tens of milliseconds on a phone.
 */
export function compareIso(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
