import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { RoundsService } from './rounds.service';

/** One round at a time across every instance (pg_advisory_xact_lock keys are per database). */
const ROUND_TICK_LOCK_KEY = 7_301_982_041;

/**
 * The follow-up routine's clock work (DESIGN.md): every ROUND_TICK_EVERY seconds on every
 * instance, open the rounds whose opening day has come (freezing their scope) and close those
 * whose `closesOn` is past, as `system`. Each round is advanced in its own transaction under one
 * advisory lock and read again under it, so two instances ticking at once do the work once. The
 * day is the one clock's, so a test moves it instead of waiting.
 */
@Injectable()
export class RoundTick implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RoundTick.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rounds: RoundsService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.roundTickEvery * 1000);
    this.timer.unref();
    // A start after a long stop catches up at once rather than in five minutes.
    void this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.timer) {
      clearInterval(this.timer);
    }
    await this.running?.catch(() => undefined);
  }

  /** Advances every round due on the clock's day; answers how many changed. Never overlaps itself on one instance. */
  tick(): Promise<number> {
    this.running ??= this.run().finally(() => (this.running = null));
    return this.running;
  }

  private async run(): Promise<number> {
    let changed = 0;
    try {
      for (const id of await this.rounds.due()) {
        if (this.stopping) {
          break;
        }
        const done = await this.db.transaction(async (tx) => {
          // Another instance holding it is advancing a round now: this one leaves the rest to it, or
          // to its own next tick. The round is read again under its row lock, so work done by the
          // other instance in the meantime is not done twice.
          const [{ locked }] = (await tx.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [ROUND_TICK_LOCK_KEY])) as Array<{
            locked: boolean;
          }>;
          return locked ? this.rounds.advance(tx, id) : null;
        });
        if (done) {
          changed++;
          this.logger.log({ roundId: id, done }, `round ${done} by the tick`);
        }
      }
    } catch (error) {
      if (!this.stopping) {
        this.logger.error({ err: error }, 'the round tick failed; it runs again at the next interval');
      }
    }
    return changed;
  }
}
