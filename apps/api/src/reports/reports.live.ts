import { Injectable, type OnModuleInit } from '@nestjs/common';

import { DomainEvents } from '../events/domain-events';
import { LiveChannel } from '../events/live-channel';
import { ReportsService } from './reports.service';

/** After a report's commit: its commitment's room hears it as the public reads it (the organisation, never the person). */
@Injectable()
export class ReportsLive implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly live: LiveChannel,
    private readonly reports: ReportsService,
  ) {}

  onModuleInit(): void {
    this.events.after('report.created', async ({ commitmentId, reportId }) => {
      this.live.publish(`commitment:${commitmentId}`, 'report.created', await this.reports.get(reportId, null));
    });
  }
}
