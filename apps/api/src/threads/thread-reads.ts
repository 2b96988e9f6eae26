import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ThreadReadView, Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { DomainEvents } from '../events/domain-events';
import { ThreadsService } from './threads.service';

/**
 * Read marks: per account and thread, the number of the latest message the person has seen (the
 * web app reports it when the thread opens and as messages arrive while it is open). The
 * discussions list subtracts it from the thread's message count.
 *
 * Not audited: a mark is what one person read, kept for them alone, and the audit chain's length
 * is public (every event counts), so each reading would show in it. Notifications' read marks
 * are kept the same way.
 */
@Injectable()
export class ThreadReads implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly threads: ThreadsService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    // A reset through a link may be someone else taking the account over: how far the person had
    // read each thread would date their last visit, often the moment they posted there, which
    // could tie a pseudonymous message to the account. The marks go with the epoch.
    this.events.within('account.epoch_advanced', async (tx, { userId }) => {
      await tx.query('DELETE FROM thread_reads WHERE user_id = $1', [userId]);
    });
  }

  /** The mark only moves forward (an older tab reporting late leaves it), and never past the thread's last message. */
  async markRead(threadId: string, upTo: number, viewer: Viewer): Promise<ThreadReadView> {
    await this.threads.readable(threadId, viewer);
    const [row] = (await this.db.query(
      `WITH thread AS (SELECT id, message_count FROM threads WHERE id = $2),
            mark AS (
              INSERT INTO thread_reads AS r (user_id, thread_id, last_read_number)
              SELECT $1, thread.id, least($3::bigint, thread.message_count) FROM thread
              ON CONFLICT (user_id, thread_id) DO UPDATE
                SET last_read_number = greatest(r.last_read_number, EXCLUDED.last_read_number), updated_at = now()
              RETURNING last_read_number)
       SELECT mark.last_read_number, thread.message_count FROM mark, thread`,
      [viewer.id, threadId, upTo],
    )) as Array<{ last_read_number: string; message_count: number }>;
    const lastReadNumber = Number(row.last_read_number);
    return { threadId, lastReadNumber, unread: Math.max(0, row.message_count - lastReadNumber) };
  }
}
