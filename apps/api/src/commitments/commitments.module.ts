import { Module } from '@nestjs/common';

import { CommitmentsController } from './commitments.controller';
import { NotificationsModule } from '../notifications/notifications.module';
import { CommitmentsLive } from './commitments.live';
import { CommitmentsService } from './commitments.service';
import { CommitmentCurationService } from './curation.service';

@Module({
  imports: [NotificationsModule],
  controllers: [CommitmentsController],
  providers: [CommitmentsService, CommitmentCurationService, CommitmentsLive],
  exports: [CommitmentsService, CommitmentCurationService],
})
export class CommitmentsModule {}
