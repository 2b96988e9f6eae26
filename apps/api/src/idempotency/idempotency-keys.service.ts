import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IDEMPOTENCY_KEY_HOURS } from '@suivi/contracts';
import type { DataSource, EntityManager } from 'typeorm';

import { changedRows } from '../database/sql';
import { DomainEvents } from '../events/domain-events';

/** A key's scope (DESIGN.md: account, method, route). */
export interface KeyScope {
  userId: string;
  method: string;
  path: string;
  key: string;
}

/** What an answered key remembers: never the answer itself. */
export interface AnsweredKey {
  bodySha256: string;
  status: number;
  resourceType: string;
  resourceId: string;
}

const SWEEP_EVERY_MS = 60 * 60_000;

/** A key is answered while it is younger than a day and the account is still in its epoch. */
const LIVE = `k.created_at > now() - interval '${IDEMPOTENCY_KEY_HOURS} hours' AND k.epoch = (SELECT u.epoch FROM users u WHERE u.id = k.user_id)`;

@Injectable()
export class IdempotencyKeys implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(IdempotencyKeys.name);
  private sweeper?: NodeJS.Timeout;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    events: DomainEvents,
  ) {
    // Keys answered under the earlier epoch would name what the account wrote under its earlier
    // pseudonym: they go in the reset's own transaction.
    events.within('account.epoch_advanced', (tx, event) => this.forget(tx, event.userId));
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'expired idempotency keys were not swept'));
    }, SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async answered(scope: KeyScope, db: Pick<EntityManager, 'query'> = this.db.manager): Promise<AnsweredKey | null> {
    const [row] = (await db.query(
      `SELECT k.body_sha256, k.status, k.resource_type, k.resource_id FROM idempotency_keys k
        WHERE k.user_id = $1 AND k.method = $2 AND k.path = $3 AND k.key = $4 AND ${LIVE}`,
      [scope.userId, scope.method, scope.path, scope.key],
    )) as Array<{ body_sha256: string; status: number; resource_type: string; resource_id: string }>;
    return row ? { bodySha256: row.body_sha256, status: row.status, resourceType: row.resource_type, resourceId: row.resource_id } : null;
  }

  /**
   * Inserts the key in the write's transaction; false when another copy of the request holds it.
   * A copy still writing holds the row's index entry: this waits for it to commit (then false)
   * or roll back (then this copy writes).
   */
  async claim(tx: EntityManager, scope: KeyScope, answer: AnsweredKey): Promise<boolean> {
    // An expired key, or one from before the account's epoch, is free to use again.
    await tx.query(
      `DELETE FROM idempotency_keys k WHERE k.user_id = $1 AND k.method = $2 AND k.path = $3 AND k.key = $4 AND NOT (${LIVE})`,
      [scope.userId, scope.method, scope.path, scope.key],
    );
    const won = (await tx.query(
      `INSERT INTO idempotency_keys (user_id, method, path, key, epoch, body_sha256, status, resource_type, resource_id)
       SELECT $1, $2, $3, $4, u.epoch, $5, $6, $7, $8 FROM users u WHERE u.id = $1
       ON CONFLICT (user_id, method, path, key) DO NOTHING
       RETURNING 1`,
      [scope.userId, scope.method, scope.path, scope.key, answer.bodySha256, answer.status, answer.resourceType, answer.resourceId],
    )) as unknown[];
    return won.length > 0;
  }

  private async forget(tx: EntityManager, userId: string): Promise<void> {
    await tx.query('DELETE FROM idempotency_keys WHERE user_id = $1', [userId]);
  }

  /** Hourly: keys past their day, and keys of accounts whose epoch moved on (a reset deletes them itself). */
  async sweep(): Promise<number> {
    return (await changedRows(this.db.manager, `DELETE FROM idempotency_keys k WHERE NOT (${LIVE}) RETURNING 1`, [])).length;
  }
}
