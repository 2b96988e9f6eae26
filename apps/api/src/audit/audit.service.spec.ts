import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DataSource } from 'typeorm';

import { ConfigError, loadConfig, type AppConfig } from '../config/env';
import { DomainEvents } from '../events/domain-events';
import { AuditService } from './audit.service';

interface StoredVerification {
  started_at: Date;
  finished_at: Date;
  valid: boolean;
  count: string;
  head: string | null;
  first_broken_seq: string | null;
}

/** A database holding an empty chain and, optionally, a stored full verification. */
function fakeDatabase(stored: StoredVerification | null) {
  const query = jest.fn(async (sql: string): Promise<unknown[]> => {
    if (sql.includes('FROM audit_verifications')) {
      return stored ? [stored] : [];
    }
    if (sql.includes('count(*)::int AS n')) {
      return [{ n: 0 }];
    }
    return [];
  });
  return { db: { subscribers: [], query } as unknown as DataSource, query };
}

const config = (fullVerifyEvery = 3600) => ({ nodeEnv: 'test', fullVerifyEvery }) as AppConfig;
const auditService = (db: DataSource, appConfig: AppConfig) => new AuditService(db, appConfig, new DomainEvents(db));

describe(AuditService.name, () => {
  afterEach(() => jest.useRealTimers());

  it('runs the background full verification every FULL_VERIFY_EVERY seconds, timed from the end of the last', async () => {
    jest.useFakeTimers();
    const sut = auditService(fakeDatabase(null).db, config(5));
    const run = jest.spyOn(sut, 'fullVerificationIfDue').mockResolvedValue(null);
    sut.onModuleInit();
    jest.advanceTimersByTime(4_999);
    expect(run).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(run).toHaveBeenCalledTimes(2);
    await sut.onModuleDestroy();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('answers valid: false with the stored full verification’s first broken event, even when the incremental check passes', async () => {
    const startedAt = new Date('2026-12-01T10:00:00.000Z');
    const { db, query } = fakeDatabase({
      started_at: startedAt,
      finished_at: new Date('2026-12-01T10:00:02.000Z'),
      valid: false,
      count: '2',
      head: 'h',
      first_broken_seq: '3',
    });
    const sut = auditService(db, config());
    expect(await sut.verify()).toMatchObject({ valid: false, brokenAt: 3, count: 0, fullyVerifiedAt: startedAt.toISOString() });
    // Cached: the public cannot make it read the chain again at once.
    const queries = query.mock.calls.length;
    await sut.verify();
    expect(query.mock.calls.length).toBe(queries);
  });

  it('says when the chain was last fully verified, or null before the first full verification', async () => {
    const startedAt = new Date('2026-12-01T10:00:00.000Z');
    const passed = { started_at: startedAt, finished_at: startedAt, valid: true, count: '0', head: null, first_broken_seq: null };
    expect(await auditService(fakeDatabase(passed).db, config()).verify()).toMatchObject({
      valid: true,
      fullyVerifiedAt: startedAt.toISOString(),
    });
    expect(await auditService(fakeDatabase(null).db, config()).verify()).toMatchObject({ valid: true, fullyVerifiedAt: null });
  });
});

describe('FULL_VERIFY_EVERY', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'suivi-env-'));
  const load = (value?: string) => loadConfig({ DATA_DIR: dataDir, ...(value === undefined ? {} : { FULL_VERIFY_EVERY: value }) });

  it('defaults to an hour and takes whole seconds, down to 1', () => {
    expect(load().fullVerifyEvery).toBe(3600);
    expect(load('1').fullVerifyEvery).toBe(1);
  });

  it.each(['0', '1.5', 'hourly', '3000000'])('refuses %s, naming the variable', (value) => {
    expect(() => load(value)).toThrow(ConfigError);
    expect(() => load(value)).toThrow(/^FULL_VERIFY_EVERY: /);
  });
});
