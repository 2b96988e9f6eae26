import { atLocalHour, isoWeekday, localDay, occasionDaysWithin24h } from './zoned-time';

describe('zoned time', () => {
  it('places 08:00 in Bamako (UTC all year) and in Paris on both sides of summer time', () => {
    expect(atLocalHour('2026-12-02', 8, 'Africa/Bamako').toISOString()).toBe('2026-12-02T08:00:00.000Z');
    expect(atLocalHour('2026-01-15', 8, 'Europe/Paris').toISOString()).toBe('2026-01-15T07:00:00.000Z');
    expect(atLocalHour('2026-07-15', 8, 'Europe/Paris').toISOString()).toBe('2026-07-15T06:00:00.000Z');
    // The morning after the change (29 March 2026, 02:00 → 03:00).
    expect(atLocalHour('2026-03-30', 8, 'Europe/Paris').toISOString()).toBe('2026-03-30T06:00:00.000Z');
    expect(atLocalHour('2026-12-02', 8, 'America/New_York').toISOString()).toBe('2026-12-02T13:00:00.000Z');
  });

  it('tells the local day, which differs from UTC near midnight', () => {
    expect(localDay(new Date('2026-12-02T23:30:00Z'), 'Africa/Bamako')).toBe('2026-12-02');
    expect(localDay(new Date('2026-12-02T23:30:00Z'), 'Europe/Paris')).toBe('2026-12-03');
    expect(localDay(new Date('2026-12-02T03:00:00Z'), 'America/New_York')).toBe('2026-12-01');
  });

  it('keeps only the occasions of the last 24 hours', () => {
    const before = occasionDaysWithin24h(new Date('2026-12-02T07:59:00Z'), 8, 'Africa/Bamako');
    expect(before.map((o) => o.day)).toEqual(['2026-12-01']);
    const after = occasionDaysWithin24h(new Date('2026-12-02T08:00:00Z'), 8, 'Africa/Bamako');
    expect(after.map((o) => o.day)).toEqual(['2026-12-02']);
    expect(occasionDaysWithin24h(new Date('2026-12-02T12:00:00Z'), 8, 'Africa/Bamako')).toHaveLength(1);
  });

  it('counts ISO weekdays', () => {
    expect(isoWeekday('2026-11-30')).toBe(1);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });
});
