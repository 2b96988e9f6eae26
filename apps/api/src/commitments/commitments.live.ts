import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';
import { CommitmentsService } from './commitments.service';

/** After a commit that changed a commitment: its page and the dashboard hear its new state. */
@Injectable()
export class CommitmentsLive implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
    private readonly commitments: CommitmentsService,
  ) {}

  onModuleInit(): void {
    this.events.after('commitment.updated', async ({ commitmentId }) => {
      const view = await this.commitments.get(commitmentId);
      this.live.publish(`commitment:${commitmentId}`, 'commitment.updated', view);
      this.live.publish('dashboard', 'commitment.updated', view);
    });
  }
}
