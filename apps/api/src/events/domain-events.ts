import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DomainEvent, DomainEventOf, DomainEventType } from '@suivi/contracts';
import type { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

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

interface RunnerData {
  domainEvents?: Recorded[];
}

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

  after<T extends DomainEventType>(type: T, handler: AfterHandler<T>): void {
    const list = this.afterHandlers.get(type) ?? [];
    list.push(handler as unknown as AfterHandler<DomainEventType>);
    this.afterHandlers.set(type, list);
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
    (data.domainEvents ??= []).push({ event, depth: depthOf(runner) });
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private committed(runner: QueryRunner): void {
    const data = runner.data as RunnerData;
    if (!data.domainEvents?.length) {
      return;
    }
    if (runner.isTransactionActive) {
      // A savepoint released: its events now belong to the enclosing transaction.
      const depth = depthOf(runner);
      data.domainEvents.forEach((r) => (r.depth = Math.min(r.depth, depth)));
      return;
    }
    const events = data.domainEvents.map((r) => r.event);
    data.domainEvents = [];
    // Not awaited by the commit: the write's answer does not wait for its pushes.
    const delivery = this.deliver(events);
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  private rolledBack(runner: QueryRunner): void {
    const data = runner.data as RunnerData;
    if (data.domainEvents?.length) {
      const depth = runner.isTransactionActive ? depthOf(runner) : 0;
      data.domainEvents = data.domainEvents.filter((r) => r.depth <= depth);
    }
  }

  /**
   * In the order recorded, each distinct event once: a write that changes a commitment twice
   * pushes it once.
   */
  private async deliver(events: DomainEvent[]): Promise<void> {
    await Promise.resolve();
    const seen = new Set<string>();
    for (const event of events) {
      const key = JSON.stringify(event);
      if (seen.has(key)) {
        continue;
      }
      seen.add(key);
      for (const handler of this.afterHandlers.get(event.type) ?? []) {
        try {
          await handler(event);
        } catch (error) {
          this.logger.warn({ err: error }, `an effect of ${event.type} after its commit failed`);
        }
      }
    }
  }
}
