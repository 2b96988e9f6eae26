import type { DataSource } from 'typeorm';

import type { RedisConnections } from '../redis/redis.module';
import { AccountCache } from './account-cache.service';

const USER = '11111111-1111-4111-8111-111111111111';
const FAMILY = '22222222-2222-4222-8222-222222222222';
const OTHER_FAMILY = '33333333-3333-4333-8333-333333333333';

const accountRow = (over: Record<string, unknown> = {}) => ({
  id: USER,
  status: 'active',
  role: 'member',
  organization_id: null,
  stakeholder_group: null,
  tokens_valid_after: new Date(1_000_000_000),
  ...over,
});

/** A database that answers the account query and the session-family query from these values. */
function fakeDb(state: { account: Record<string, unknown> | null; families: Record<string, { sessions: number; ended: number }> }) {
  const query = jest.fn(async (sql: string, params: unknown[]) => {
    if (sql.includes('FROM sessions')) {
      return [state.families[params[0] as string] ?? { sessions: 0, ended: 0 }];
    }
    return state.account ? [state.account] : [];
  });
  return { query };
}

describe(AccountCache.name, () => {
  const token = (sid = FAMILY, iat = 2_000_000) => ({ sub: USER, sid, iat });
  let state: Parameters<typeof fakeDb>[0];
  let db: ReturnType<typeof fakeDb>;
  let sut: AccountCache;

  beforeEach(() => {
    state = { account: accountRow(), families: { [FAMILY]: { sessions: 2, ended: 0 } } };
    db = fakeDb(state);
    sut = new AccountCache(db as unknown as DataSource, { client: null, subscriber: null, prefix: 't:' } as unknown as RedisConnections);
  });

  const familyReads = () => db.query.mock.calls.filter(([sql]) => (sql as string).includes('FROM sessions')).length;

  it('reads an account and a session family once, then answers from memory', async () => {
    for (let i = 0; i < 5; i++) {
      expect(await sut.viewerFor(token())).toMatchObject({ id: USER, status: 'active' });
    }
    expect(db.query).toHaveBeenCalledTimes(2);
  });

  it('refuses a token of an ended family, an unknown family and a malformed one', async () => {
    state.families[OTHER_FAMILY] = { sessions: 3, ended: 3 };
    expect(await sut.viewerFor(token(OTHER_FAMILY))).toBeNull();
    expect(await sut.viewerFor(token('44444444-4444-4444-8444-444444444444'))).toBeNull();
    expect(await sut.viewerFor(token('not-a-uuid'))).toBeNull();
    expect(await sut.viewerFor({ sub: USER, iat: 2_000_000 } as never)).toBeNull();
    expect(await sut.viewerFor(token())).not.toBeNull();
  });

  it('refuses a token issued before the account’s cut-off', async () => {
    expect(await sut.viewerFor(token(FAMILY, 999_999))).toBeNull();
  });

  it('sees a family end once the account is invalidated (a sign-out committed)', async () => {
    expect(await sut.viewerFor(token())).not.toBeNull();
    state.families[FAMILY] = { sessions: 2, ended: 2 };
    expect(await sut.viewerFor(token())).not.toBeNull();
    await sut.invalidate(USER);
    expect(await sut.viewerFor(token())).toBeNull();
    expect(familyReads()).toBe(2);
  });

  it('does not keep an account read that an invalidation overtook', async () => {
    let release: () => void = () => undefined;
    db.query.mockImplementationOnce(async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return [accountRow()];
    });
    const stale = sut.get(USER);
    // The suspension commits and invalidates while the read above is on its way.
    state.account = accountRow({ status: 'suspended' });
    await sut.invalidate(USER);
    release();
    expect((await stale)?.status).toBe('active');
    expect((await sut.get(USER))?.status).toBe('suspended');
  });

  it('tells the gateway about every change', async () => {
    const seen: string[] = [];
    sut.changes.subscribe((id) => seen.push(id));
    await sut.invalidate(USER);
    expect(seen).toEqual([USER]);
  });
});
