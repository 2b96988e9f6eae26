import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';

/** Where tests keep the clock's offset: in the database, so every process of a test agrees. */
export const TEST_CLOCK_KEY = 'test.clock_offset_ms';
/** How long a process reuses the offset it read (tests only). */
const OFFSET_TTL_MS = 500;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

type Queryable = Pick<EntityManager, 'query'>;

/**
 * The one clock (DESIGN.md, "One clock"): what depends on the calendar — overdue, the dashboard's
 * version, and later rounds and reminders — asks it for the date and passes that to SQL, never
 * `CURRENT_DATE` or `now()`. Outside tests it is the machine's time; under `NODE_ENV=test` it is
 * shifted by an offset kept in the database, so a test can move the calendar of the API process
 * it started, and of every instance of it, without waiting a day.
 */
@Injectable()
export class Clock {
  private offset: { ms: number; at: number } | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `db`: the caller's transaction, when it is in one (in tests the offset is read from the
   * database, and the embedded database's one connection is the transaction's).
   */
  async now(db?: Queryable): Promise<Date> {
    if (this.config.nodeEnv !== 'test') {
      return new Date();
    }
    return new Date(Date.now() + (await this.testOffset(db ?? this.db)));
  }

  /** Today's date in UTC, `YYYY-MM-DD`: the calendar day every instance agrees on. */
  async today(db?: Queryable): Promise<string> {
    return (await this.now(db)).toISOString().slice(0, 10);
  }

  /** Tests only: moves this deployment's calendar by `ms` from the machine's time (every process within OFFSET_TTL_MS). */
  async setTestOffset(ms: number): Promise<void> {
    if (this.config.nodeEnv !== 'test') {
      throw new Error('The clock moves only under NODE_ENV=test');
    }
    await this.db.query(
      `INSERT INTO app_settings (key, value) VALUES ($1, to_jsonb($2::bigint))
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`,
      [TEST_CLOCK_KEY, Math.round(ms)],
    );
    this.offset = null;
  }

  private async testOffset(db: Queryable): Promise<number> {
    if (this.offset && Date.now() - this.offset.at < OFFSET_TTL_MS) {
      return this.offset.ms;
    }
    const [row] = (await db.query('SELECT value FROM app_settings WHERE key = $1', [TEST_CLOCK_KEY])) as Array<{ value: unknown }>;
    const ms = Number(row?.value ?? 0);
    this.offset = { ms: Number.isFinite(ms) ? ms : 0, at: Date.now() };
    return this.offset.ms;
  }
}

/** A day as an SQL date literal. Only ever built from the clock's own ISO date, never from input. */
export function sqlDay(day: string): string {
  if (!ISO_DAY.test(day)) {
    throw new Error(`not an ISO day: ${day}`);
  }
  return `DATE '${day}'`;
}
