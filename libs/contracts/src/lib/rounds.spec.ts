import { addDays } from './rounds';

describe(addDays.name, () => {
  it('counts days across months and years, in UTC', () => {
    expect(addDays('2026-12-20', 14)).toBe('2027-01-03');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });
});
