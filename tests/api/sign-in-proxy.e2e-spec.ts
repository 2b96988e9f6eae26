import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { DEMO_PASSWORD, startTestApp, type TestApp } from './support/test-app';

// Review finding 5 (issue 17): behind the compose file's proxy a forged X-Forwarded-For chose the
// client address the sign-in throttle counted, and the per-account counter let anyone keep any
// known account locked out. Production defaults for the limits: 30 per address, 10 per account.
const LIMITS = { AUTH_ATTEMPTS_PER_ADDRESS: '30', AUTH_ATTEMPTS_PER_ACCOUNT: '10' };

/**
 * A browser on one client address: it keeps every cookie the API sets and sends them all back
 * (paths and the Secure flag aside), as a browser does on the sign-in route.
 */
class Device {
  private readonly jar = new Map<string, string>();

  constructor(
    private readonly t: () => TestApp,
    readonly address: string,
  ) {}

  /** The same cookies on another client address: a copied cookie jar. */
  copyTo(address: string): Device {
    const copy = new Device(this.t, address);
    this.jar.forEach((value, name) => copy.jar.set(name, value));
    return copy;
  }

  async signIn(email: string, password: string): Promise<number> {
    const cookie = [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
    const res = await this.t()
      .http()
      .post('/api/auth/login')
      .set('X-Forwarded-For', this.address)
      .set(cookie ? { Cookie: cookie } : {})
      .send({ email, password });
    const setCookie = res.headers['set-cookie'] as string | string[] | undefined;
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair] = line.split(';');
      const at = pair.indexOf('=');
      this.jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res.status;
  }
}

/** Statuses of sign-ins tried one after the other. */
async function attempts(count: number, attempt: (i: number) => Promise<number>): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 1; i <= count; i++) {
    statuses.push(await attempt(i));
  }
  return statuses;
}

describe("the compose file's proxy (docker/haproxy.cfg, docker/compose.yml)", () => {
  const read = (file: string) => readFileSync(resolve(__dirname, '../../docker', file), 'utf8');
  const directives = read('haproxy.cfg')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);

  it('sets X-Forwarded-For to the address the client connected from, replacing what the client sent', () => {
    expect(directives).toContain('http-request set-header X-Forwarded-For %[src]');
    // Appending keeps the client's own entries in front of the one the proxy vouches for.
    expect(directives.filter((d) => /^option\s+forwardfor\b/i.test(d))).toEqual([]);
    expect(directives.filter((d) => /^http-request\s+add-header\s+x-forwarded-for\b/i.test(d))).toEqual([]);
  });

  it('tells the API containers to trust that one proxy (TRUST_PROXY)', () => {
    expect(read('compose.yml')).toMatch(/^\s+TRUST_PROXY:\s*"?\S/m);
  });
});

describe('sign-in in production without TRUST_PROXY: forwarded headers are not believed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ production: true, env: LIMITS });
  });
  afterAll(() => t?.close());

  it('limits 45 sign-ins from one client per address, whatever X-Forwarded-For it sends', async () => {
    // A different email each time, so only the address counter can refuse them.
    const statuses = await attempts(45, (i) => new Device(() => t, `203.0.113.${i}`).signIn(`nobody${i}@example.org`, 'not the password'));
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(15).fill(429));
  });
});

describe('sign-in through a trusted proxy: the per-account limit locks nobody out', () => {
  let t: TestApp;
  const app = () => t;
  const owner = new Device(app, '198.51.100.7');
  beforeAll(async () => {
    t = await startTestApp({ production: true, env: { ...LIMITS, TRUST_PROXY: '127.0.0.1, ::1' } });
  });
  afterAll(() => t?.close());

  it("refuses a stranger's wrong passwords for one account from 45 addresses once the account's limit is spent", async () => {
    expect(await owner.signIn('justice@suivi.demo', DEMO_PASSWORD)).toBe(200);
    const statuses = await attempts(45, (i) => new Device(app, `203.0.113.${i}`).signIn('justice@suivi.demo', `guess number ${i}`));
    const refusedFrom = statuses.indexOf(429);
    expect(refusedFrom).toBeGreaterThan(0);
    expect(refusedFrom).toBeLessThanOrEqual(10);
    expect(statuses.slice(0, refusedFrom).every((status) => status === 401)).toBe(true);
    expect(statuses.slice(refusedFrom).every((status) => status === 429)).toBe(true);
  });

  it('still lets the owner in from the device that signed in to the account before', async () => {
    expect(await owner.signIn('justice@suivi.demo', DEMO_PASSWORD)).toBe(200);
  });

  it('refuses the right password from a device that never signed in to this account', async () => {
    expect(await new Device(app, '198.51.100.8').signIn('justice@suivi.demo', DEMO_PASSWORD)).toBe(429);
  });

  it('refuses it from a device that signed in to another account only', async () => {
    const partner = new Device(app, '198.51.100.9');
    expect(await partner.signIn('partner@suivi.demo', DEMO_PASSWORD)).toBe(200);
    expect(await partner.signIn('justice@suivi.demo', DEMO_PASSWORD)).toBe(429);
  });

  it("gives a copied device cookie no more guesses than the account's limit", async () => {
    const thief = owner.copyTo('203.0.113.200');
    const statuses = await attempts(12, (i) => thief.signIn('justice@suivi.demo', `stolen cookie guess ${i}`));
    expect(statuses).toContain(429);
    expect(statuses.slice(statuses.indexOf(429)).every((status) => status === 429)).toBe(true);
    expect(await thief.signIn('justice@suivi.demo', DEMO_PASSWORD)).toBe(429);
  });

  it('sets the known-device cookie at a successful sign-in only: httpOnly, SameSite=Strict, Secure, for the sign-in route', async () => {
    const signInAs = (password: string) =>
      t.http().post('/api/auth/login').set('X-Forwarded-For', '198.51.100.20').send({ email: 'observer@suivi.demo', password });
    const deviceCookie = (res: { headers: Record<string, unknown> }) =>
      ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []).find((c) => c.startsWith('suivi_device='));
    expect(deviceCookie(await signInAs('not the password').expect(401))).toBeUndefined();
    const cookie = deviceCookie(await signInAs(DEMO_PASSWORD).expect(200));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/Path=\/api\/auth\/login(;|$)/);
    expect(Number(/Max-Age=(\d+)/i.exec(cookie ?? '')?.[1])).toBeGreaterThan(300 * 24 * 3600);
  });

  it('limits each client behind the proxy by its own forwarded address', async () => {
    const client = new Device(app, '203.0.113.77');
    const statuses = await attempts(31, (i) => client.signIn(`someone${i}@example.org`, 'not the password'));
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses[30]).toBe(429);
  });
});
