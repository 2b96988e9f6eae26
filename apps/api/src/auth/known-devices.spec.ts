import { KnownDevices } from './known-devices';

describe(KnownDevices.name, () => {
  const sut = new KnownDevices({ jwtSecret: 'a'.repeat(48) });
  const DAY = 24 * 3600 * 1000;

  afterEach(() => jest.useRealTimers());

  it("knows the device for the account it signed in to, whatever the email's case and spaces", () => {
    const cookie = sut.remember(undefined, 'Owner@Example.org');
    expect(sut.deviceOf(cookie, ' owner@example.org ')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('does not know it for another account, without a cookie, or from a cookie of nonsense', () => {
    const cookie = sut.remember(undefined, 'owner@example.org');
    expect(sut.deviceOf(cookie, 'other@example.org')).toBeNull();
    expect(sut.deviceOf(undefined, 'owner@example.org')).toBeNull();
    expect(sut.deviceOf('x.y.z~~..', 'owner@example.org')).toBeNull();
  });

  it('refuses an entry whose id, expiry or mac was changed', () => {
    const [id, expires, mac] = sut.remember(undefined, 'owner@example.org').split('.');
    const otherId = `${id.slice(0, -1)}${id.endsWith('A') ? 'B' : 'A'}`;
    const later = (parseInt(expires, 36) + 3600).toString(36);
    const otherMac = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [`${otherId}.${expires}.${mac}`, `${id}.${later}.${mac}`, `${id}.${expires}.${otherMac}`]) {
      expect(sut.deviceOf(forged, 'owner@example.org')).toBeNull();
    }
  });

  it('refuses a cookie made with another key (another JWT_SECRET)', () => {
    const cookie = new KnownDevices({ jwtSecret: 'b'.repeat(48) }).remember(undefined, 'owner@example.org');
    expect(sut.deviceOf(cookie, 'owner@example.org')).toBeNull();
  });

  it('forgets a device after a year without signing in', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    const cookie = sut.remember(undefined, 'owner@example.org');
    jest.setSystemTime(new Date(Date.now() + 364 * DAY));
    expect(sut.deviceOf(cookie, 'owner@example.org')).not.toBeNull();
    jest.setSystemTime(new Date(Date.now() + 2 * DAY));
    expect(sut.deviceOf(cookie, 'owner@example.org')).toBeNull();
  });

  it('keeps the device id, in one entry, when the same account signs in again', () => {
    const cookie = sut.remember(undefined, 'owner@example.org');
    const again = sut.remember(cookie, 'OWNER@example.org');
    expect(again.split('~')).toHaveLength(1);
    expect(sut.deviceOf(again, 'owner@example.org')).toBe(sut.deviceOf(cookie, 'owner@example.org'));
  });

  it('remembers the five accounts that signed in last on a shared device', () => {
    let cookie = sut.remember(undefined, 'person0@example.org');
    for (let i = 1; i <= 5; i++) {
      cookie = sut.remember(cookie, `person${i}@example.org`);
    }
    expect(cookie.split('~')).toHaveLength(5);
    expect(sut.deviceOf(cookie, 'person0@example.org')).toBeNull();
    for (let i = 1; i <= 5; i++) {
      expect(sut.deviceOf(cookie, `person${i}@example.org`)).not.toBeNull();
    }
  });
});
