import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DomainEvent, DomainEventOf, DomainEventType } from '@suivi/contracts';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

import { withoutQueryParameters } from '../common/http-exception.filter';

/** Runs inside the write's transaction: a durable effect (a row) commits or rolls back with it. */
export type WithinHandler<T extends DomainEventType> = (tx: EntityManager, event: DomainEventOf<T>) => Promise<void>;
/** Runs once the write has committed: an ephemeral effect (a push). Its failure loses nothing durable. */
export type AfterHandler<T extends DomainEventType> = (event: DomainEventOf<T>) => Promise<void> | void;

interface Recorded {
  event: DomainEvent;
  /** The transaction depth it was recorded at: a savepoint rolled back takes its events with it. */
  depth: number;
}

/** TypeORM counts savepoints in a protected field; every driver's query runner has it. */
const depthOf = (runner: QueryRunner): number => (runner as unknown as { transactionDepth: number }).transactionDepth;

/** Where an instance keeps a transaction's events on its query runner: its own key, so two instances never deliver each other's. */
type RunnerData = Record<symbol, Recorded[] | undefined>;

/**
 * What a write sets off, in one place (DESIGN.md, "Durable effects are rows written in the
 * write's own transaction"). A service calls `record` inside its transaction; `within` handlers
 * write their rows there and then, so they survive a crash exactly as the write does; `after`
 * handlers hear the event once the transaction has committed, and never if it rolled back.
 *
 * TypeORM tells subscribers of every commit and rollback of every query runner (savepoints
 * included); the events wait on the runner's `data` until the outermost commit.
 */
@Injectable()
export class DomainEvents implements OnApplicationShutdown {
  private readonly logger = new Logger(DomainEvents.name);
  private readonly withinHandlers = new Map<DomainEventType, Array<WithinHandler<DomainEventType>>>();
  private readonly afterHandlers = new Map<DomainEventType, Array<AfterHandler<DomainEventType>>>();
  private readonly settleHandlers = new Map<DomainEventType, Array<AfterHandler<DomainEventType>>>();
  /**
   * Commits on this instance that recorded events. A read begun before one of them may be stale
   * for whoever asks after it: a read shared between callers is keyed by it.
   */
  private commits = 0;
  get generation(): number {
    return this.commits;
  }
  private readonly key = Symbol('domain events');
  /** Deliveries under way: the application waits for them before closing the database. */
  private readonly inFlight = new Set<Promise<void>>();

  constructor(@InjectDataSource() db: DataSource) {
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit: ({ queryRunner }) => this.committed(queryRunner),
      afterTransactionRollback: ({ queryRunner }) => this.rolledBack(queryRunner),
    };
    db.subscribers.push(subscriber);
  }

  within<T extends DomainEventType>(type: T, handler: WithinHandler<T>): void {
    const list = this.withinHandlers.get(type) ?? [];
    list.push(handler as unknown as WithinHandler<DomainEventType>);
    this.withinHandlers.set(type, list);
  }

  /** Once committed, without holding up the write's answer (pushes). */
  after<T extends DomainEventType>(type: T, handler: AfterHandler<T>): void {
    const list = this.afterHandlers.get(type) ?? [];
    list.push(handler as unknown as AfterHandler<DomainEventType>);
    this.afterHandlers.set(type, list);
  }

  /**
   * Once committed and before the write answers: for what the person who wrote must be able to
   * count on when they read the answer (sockets have left the rooms a change closed to them).
   * Keep these rare and short: the write's connection waits for them.
   */
  settle<T extends DomainEventType>(type: T, handler: AfterHandler<T>): void {
    const list = this.settleHandlers.get(type) ?? [];
    list.push(handler as unknown as AfterHandler<DomainEventType>);
    this.settleHandlers.set(type, list);
  }

  /** Inside the write's transaction, after the write itself. */
  async record(tx: EntityManager, event: DomainEvent): Promise<void> {
    const runner = tx.queryRunner;
    if (!runner?.isTransactionActive) {
      // A programming error, not a user's: an event outside a transaction could outlive a write
      // that then fails, or announce one that never commits.
      throw new Error(`DomainEvents.record(${event.type}) must run inside the transaction of the write`);
    }
    for (const handler of this.withinHandlers.get(event.type) ?? []) {
      await handler(tx, event);
    }
    const data = runner.data as RunnerData;
    (data[this.key] ??= []).push({ event, depth: depthOf(runner) });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /** TypeORM awaits what this returns before `transaction()` resolves: never a rejection, the write has committed. */
  private committed(runner: QueryRunner): Promise<void> | undefined {
    const data = runner.data as RunnerData;
    const recorded = data[this.key];
    if (!recorded?.length) {
      return undefined;
    }
    if (runner.isTransactionActive) {
      // A savepoint released: its events now belong to the enclosing transaction.
      const depth = depthOf(runner);
      recorded.forEach((r) => (r.depth = Math.min(r.depth, depth)));
      return undefined;
    }
    const events = distinct(recorded.map((r) => r.event));
    data[this.key] = [];
    this.commits++;
    const settled = this.run(events, this.settleHandlers);
    // Not awaited by the commit: the write's answer does not wait for its pushes.
    const delivery = settled.then(() => this.run(events, this.afterHandlers));
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
    return settled;
  }

  private rolledBack(runner: QueryRunner): void {
    const data = runner.data as RunnerData;
    const recorded = data[this.key];
    if (recorded?.length) {
      const depth = runner.isTransactionActive ? depthOf(runner) : 0;
      data[this.key] = recorded.filter((r) => r.depth <= depth);
    }
  }

  /** In the order recorded; a failed handler is logged, and the others run. */
  private async run(events: DomainEvent[], handlers: Map<DomainEventType, Array<AfterHandler<DomainEventType>>>): Promise<void> {
    for (const event of events) {
      for (const handler of handlers.get(event.type) ?? []) {
        try {
          await handler(event);
        } catch (error) {
          // Never the failed query's parameters: they name viewers, threads and people.
          this.logger.warn({ err: withoutQueryParameters(error) }, `an effect of ${event.type} after its commit failed`);
        }
      }
    }
  }
}

/** Each distinct event once, in the order first recorded: a write that changes a commitment twice pushes it once. */
function distinct(events: DomainEvent[]): DomainEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    const key = JSON.stringify(event);
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
