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
/** Session families remembered per account (devices, and sign-ins within the entry's life). */
const MAX_FAMILIES = 64;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What an access token claims, as far as the cache checks it. */
export interface TokenClaims {
  sub: string;
  /** The session family (one sign-in and its refreshes). */
  sid: string;
  /** Issued at, in seconds. */
  iat: number;
}

interface Entry {
  account: CachedAccount | null;
  at: number;
  /** Session families seen in tokens, and whether each has ended (signed out, reused, password changed). */
  families: Map<string, boolean>;
}

/**
 * The account state every request is checked against, without a database read per request:
 * status, role, organisation, and which of its session families have ended. A change (status,
 * role, organisation, password, a session ended) invalidates the entry here at once and, through
 * Redis, on every other instance; `changes` tells the socket gateway to disconnect that user.
 */
@Injectable()
export class AccountCache implements OnModuleInit {
  private readonly logger = new Logger(AccountCache.name);
  private readonly entries = new Map<string, Entry>();
  /**
   * Advanced by every invalidation: a read that started before a change and ends after it would
   * put the old state back for five minutes, so it is used for its own request and not kept.
   */
  private generation = 0;
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
    return (await this.entry(userId)).account;
  }

  /**
   * The viewer an access token (signature and expiry already checked) stands for now; null when
   * its account is gone, the token predates the account's cut-off, or its session family ended.
   * A family is read from the database once, the first time this entry sees it.
   */
  async viewerFor(token: TokenClaims): Promise<Viewer | null> {
    const entry = await this.entry(token.sub);
    const account = entry.account;
    if (!account || typeof token.sid !== 'string' || !UUID.test(token.sid) || token.iat * 1000 < account.tokensValidAfter) {
      return null;
    }
    let ended = entry.families.get(token.sid);
    if (ended === undefined) {
      ended = await this.familyEnded(token.sub, token.sid);
      // An invalidation meanwhile took this entry out of the map: setting it here keeps nothing.
      if (entry.families.size < MAX_FAMILIES) {
        entry.families.set(token.sid, ended);
      }
    }
    return ended ? null : toViewer(account);
  }

  /** Call after the transaction that changed the account, or ended one of its sessions, has committed. */
  async invalidate(userId: string): Promise<void> {
    this.forget(userId);
    await this.redis.client?.publish(this.channel, userId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'could not tell other instances about an account change');
    });
  }

  private async entry(userId: string): Promise<Entry> {
    const hit = this.entries.get(userId);
    if (hit && Date.now() - hit.at < TTL_MS) {
      return hit;
    }
    const generation = this.generation;
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
    const entry: Entry = { account, at: Date.now(), families: new Map() };
    if (generation === this.generation) {
      if (this.entries.size >= MAX_ENTRIES) {
        this.entries.clear();
      }
      this.entries.set(userId, entry);
    }
    return entry;
  }

  /**
   * Whether a session family has ended: revoked for any reason but a suspension (a suspended
   * account keeps reading its own status until its token expires), or unknown. The family
   * index finds its rows.
   */
  private async familyEnded(userId: string, familyId: string): Promise<boolean> {
    const [row] = (await this.db.query(
      `SELECT count(*)::int AS sessions,
              count(*) FILTER (WHERE revoked_at IS NOT NULL AND revoke_reason IS DISTINCT FROM 'suspended')::int AS ended
         FROM sessions WHERE family_id = $1 AND user_id = $2`,
      [familyId, userId],
    )) as Array<{ sessions: number; ended: number }>;
    return !row || row.sessions === 0 || row.ended > 0;
  }

  private forget(userId: string): void {
    this.generation++;
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
