import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccountStatus, PlatformRole, StakeholderGroup, Viewer } from '@suivi/contracts';
import { Subject } from 'rxjs';
import { DataSource } from 'typeorm';

import { RedisConnections } from '../redis/redis.module';

export interface CachedAccount {
  id: string;
  status: AccountStatus;
  role: PlatformRole;
  organizationId: string | null;
  group: StakeholderGroup | null;
  /** Access tokens issued before this time (ms) are refused. */
  tokensValidAfter: number;
}

const TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 50_000;

/**
 * The account state every request is checked against, without a database read per request.
 * A change (status, role, organisation, password) invalidates the entry here at once and, through
 * Redis, on every other instance; `changes` tells the socket gateway to disconnect that user.
 */
@Injectable()
export class AccountCache implements OnModuleInit {
  private readonly logger = new Logger(AccountCache.name);
  private readonly entries = new Map<string, { account: CachedAccount | null; at: number }>();
  readonly changes = new Subject<string>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly redis: RedisConnections,
  ) {}

  private get channel(): string {
    return `${this.redis.prefix}account-changed`;
  }

  async onModuleInit(): Promise<void> {
    const subscriber = this.redis.subscriber;
    if (!subscriber) {
      return;
    }
    subscriber.on('message', (channel: string, userId: string) => {
      if (channel === this.channel) {
        this.forget(userId);
      }
    });
    // Subscribing before the connection is ready loses the subscription when ioredis runs its
    // ready check; once subscribed, ioredis re-subscribes by itself after a reconnect.
    const subscribe = () =>
      subscriber.subscribe(this.channel).catch((error: unknown) => {
        this.logger.warn({ err: error }, 'could not subscribe to account changes');
      });
    if (subscriber.status === 'ready') {
      await subscribe();
    } else {
      await new Promise<void>((resolve) => {
        subscriber.once('ready', () => void subscribe().then(() => resolve()));
        // Start without waiting for Redis forever: this instance then works alone until it returns.
        setTimeout(resolve, 3000).unref();
      });
    }
  }

  async get(userId: string): Promise<CachedAccount | null> {
    const hit = this.entries.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) {
      return hit.account;
    }
    const [row] = (await this.db.query(
      `SELECT u.id, u.status, u.role, u.organization_id, o.stakeholder_group, u.tokens_valid_after
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
      [userId],
    )) as Array<{
      id: string;
      status: AccountStatus;
      role: PlatformRole;
      organization_id: string | null;
      stakeholder_group: StakeholderGroup | null;
      tokens_valid_after: Date;
    }>;
    const account: CachedAccount | null = row
      ? {
          id: row.id,
          status: row.status,
          role: row.role,
          organizationId: row.organization_id,
          group: row.stakeholder_group,
          tokensValidAfter: row.tokens_valid_after.getTime(),
        }
      : null;
    if (this.entries.size >= MAX_ENTRIES) {
      this.entries.clear();
    }
    this.entries.set(userId, { account, at: Date.now() });
    return account;
  }

  /** Call after the transaction that changed the account has committed. */
  async invalidate(userId: string): Promise<void> {
    this.forget(userId);
    await this.redis.client?.publish(this.channel, userId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not tell other instances about an account change');
    });
  }

  private forget(userId: string): void {
    this.entries.delete(userId);
    this.changes.next(userId);
  }
}

export function toViewer(account: CachedAccount): Viewer {
  return {
    id: account.id,
    role: account.role,
    status: account.status,
    organizationId: account.organizationId,
    group: account.group,
  };
}
