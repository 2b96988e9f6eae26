import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';
import { ThreadsService } from './threads.service';

/** After a thread's commit: its room hears what everyone there may read of it (not `canPost`, which is each reader's). */
@Injectable()
export class ThreadsLive implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
    private readonly threads: ThreadsService,
  ) {}

  onModuleInit(): void {
    this.events.after('thread.updated', async ({ threadId }) => {
      this.live.publish(`thread:${threadId}`, 'thread.updated', await this.threads.roomView(threadId));
    });
  }
}
