import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';
import { ModerationService } from './moderation.service';
import { SanctionsService } from './sanctions.service';

/**
 * After a moderation decision's commit: the secretariat's live queue and sanctions list. A
 * pseudonymous author is shown there as the pseudonym only, as on the pages.
 */
@Injectable()
export class ModerationLive implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
    private readonly moderation: ModerationService,
    private readonly sanctions: SanctionsService,
  ) {}

  onModuleInit(): void {
    this.events.after('flag.created', async ({ flagId }) => {
      this.live.publish('moderation', 'flag.created', await this.moderation.roomItem(flagId));
    });
    this.events.after('flag.resolved', async ({ flagId, flagIds }) => {
      this.live.publish('moderation', 'flag.resolved', { flagIds, ...(await this.moderation.roomItem(flagId)) });
    });
    this.events.after('sanction.created', async ({ sanctionId }) => {
      this.live.publish('moderation', 'sanction.created', await this.sanctions.get(sanctionId));
    });
    this.events.after('sanction.lifted', async ({ sanctionId }) => {
      this.live.publish('moderation', 'sanction.lifted', await this.sanctions.get(sanctionId));
    });
  }
}
