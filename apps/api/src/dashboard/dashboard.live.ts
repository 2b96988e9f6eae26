import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';
import { DashboardService } from './dashboard.service';

/** After a commit that changed many commitments at once (an import): the dashboard's totals. */
@Injectable()
export class DashboardLive implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
    private readonly dashboard: DashboardService,
  ) {}

  onModuleInit(): void {
    this.events.after('dashboard.updated', async () => {
      const { view } = await this.dashboard.served();
      this.live.publish('dashboard', 'dashboard.updated', { totals: view.totals, generatedAt: new Date().toISOString() });
    });
  }
}
