import type { DomainEvent } from '@suivi/contracts';
import type { DataSource } from 'typeorm';

import { DomainEvents } from '../../apps/api/src/events/domain-events';
import { startTestApp, type TestApp } from './support/test-app';

// DomainEvents on a real database (embedded, or the PostgreSQL server of the second pass) through
// TypeORM's own query runners: what TypeORM tells its subscribers about commits, rollbacks and
// savepoints is what the class relies on. A second instance beside the app's, with its own
// handlers: instances never deliver each other's events.
describe('DomainEvents, on the database', () => {
  let t: TestApp;
  let db: DataSource;
  let events: DomainEvents;
  const heard: string[] = [];
  const settled: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ seed: false });
    // A table of the test's own, which only the owner may create: the events run on its connection.
    db = t.adminDb;
    await db.query('CREATE TABLE test_event_rows (n int)');
    events = new DomainEvents(db);
    events.within('dashboard.updated', async (tx) => {
      await tx.query('INSERT INTO test_event_rows (n) VALUES (1)');
    });
    events.after('thread.updated', ({ threadId }) => void heard.push(threadId));
    events.after('dashboard.updated', () => void heard.push('dashboard'));
    events.settle('access.changed', ({ rooms }) => void settled.push(...(rooms ?? [])));
  });
  afterEach(async () => {
    heard.length = 0;
    settled.length = 0;
    await db.query('DELETE FROM test_event_rows');
  });
  afterAll(async () => {
    await db?.query('DROP TABLE IF EXISTS test_event_rows').catch(() => undefined);
    await t?.close();
  });

  const thread = (threadId: string): DomainEvent => ({ type: 'thread.updated', threadId });
  /** Delivery runs after the commit without holding up the write: give it its turn. */
  const delivered = () => new Promise((resolve) => setImmediate(resolve));

  it('delivers after the commit, in the order recorded, each distinct event once', async () => {
    await db.transaction(async (tx) => {
      await events.record(tx, thread('a'));
      await events.record(tx, thread('b'));
      await events.record(tx, thread('a'));
      expect(heard).toEqual([]);
    });
    await delivered();
    expect(heard).toEqual(['a', 'b']);
  });

  it('delivers nothing, and keeps no row of a within handler, when the transaction rolls back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await events.record(tx, { type: 'dashboard.updated' });
        await events.record(tx, thread('lost'));
        throw new Error('the write fails');
      }),
    ).rejects.toThrow('the write fails');
    await delivered();
    expect(heard).toEqual([]);
    expect(await db.query('SELECT count(*)::int AS n FROM test_event_rows')).toEqual([{ n: 0 }]);
  });

  it('writes a within handler’s row in the transaction, and delivers once it commits', async () => {
    await db.transaction((tx) => events.record(tx, { type: 'dashboard.updated' }));
    await delivered();
    expect(heard).toEqual(['dashboard']);
    expect(await db.query('SELECT count(*)::int AS n FROM test_event_rows')).toEqual([{ n: 1 }]);
  });

  it('drops the events of a savepoint rolled back, keeps those of one released, until the outermost commit', async () => {
    await db.transaction(async (tx) => {
      await events.record(tx, thread('outer'));
      await expect(
        tx.transaction(async (inner) => {
          await events.record(inner, thread('rolled back'));
          throw new Error('the savepoint fails');
        }),
      ).rejects.toThrow('the savepoint fails');
      await tx.transaction((inner) => events.record(inner, thread('released')));
      await delivered();
      // Released is not committed: nothing yet.
      expect(heard).toEqual([]);
    });
    await delivered();
    expect(heard).toEqual(['outer', 'released']);
  });

  it('settles before transaction() returns, so the write answers after it', async () => {
    await db.transaction((tx) => events.record(tx, { type: 'access.changed', rooms: ['thread:00000000-0000-4000-8000-000000000001'] }));
    expect(settled).toEqual(['thread:00000000-0000-4000-8000-000000000001']);
  });

  it('refuses an event recorded outside a transaction', async () => {
    await expect(events.record(db.manager, thread('x'))).rejects.toThrow(/inside the transaction/);
  });

  it('moves its generation at each commit that recorded events, and only then', async () => {
    const before = events.generation;
    await db.transaction(async (tx) => {
      await tx.query('SELECT 1');
    });
    expect(events.generation).toBe(before);
    await db.transaction((tx) => events.record(tx, thread('g')));
    expect(events.generation).toBe(before + 1);
  });
});
