import { Logger } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

import { ResilientThrottlerStorage } from './resilient-throttler-storage';

describe(ResilientThrottlerStorage.name, () => {
  const record = { totalHits: 7, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 };
  let shared: jest.Mocked<ThrottlerStorage>;
  let redis: { status: string };
  let sut: ResilientThrottlerStorage;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    shared = { increment: jest.fn().mockResolvedValue(record) };
    redis = { status: 'ready' };
    sut = new ResilientThrottlerStorage(shared, redis as never);
  });
  afterEach(() => {
    sut.onApplicationShutdown();
    jest.restoreAllMocks();
  });

  const take = () => sut.increment('k', 60_000, 5, 60_000, 'messages');

  it('counts in Redis while it is there', async () => {
    await expect(take()).resolves.toEqual(record);
  });

  it('counts in-process when Redis fails, and still enforces the limit there', async () => {
    shared.increment.mockRejectedValue(new Error('Connection is closed.'));
    const hits = [];
    for (let i = 0; i < 7; i++) {
      hits.push(await take());
    }
    expect(hits.map((h) => h.totalHits)).toEqual([1, 2, 3, 4, 5, 6, 6]);
    expect(hits[6].isBlocked).toBe(true);
  });

  it('does not wait on Redis while its connection is down, and returns to it afterwards', async () => {
    redis.status = 'reconnecting';
    await expect(take()).resolves.toMatchObject({ totalHits: 1 });
    expect(shared.increment).not.toHaveBeenCalled();
    redis.status = 'ready';
    await expect(take()).resolves.toEqual(record);
  });
});
