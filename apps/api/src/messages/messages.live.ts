import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';

/** After a message's commit: its thread's room hears it, as the write already made it for the room. */
@Injectable()
export class MessagesLive implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
  ) {}

  onModuleInit(): void {
    this.events.after('message.created', ({ message }) => this.live.publish(`thread:${message.threadId}`, 'message.created', message));
    this.events.after('message.updated', ({ message }) => this.live.publish(`thread:${message.threadId}`, 'message.updated', message));
  }
}
