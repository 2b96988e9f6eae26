import { Module } from '@nestjs/common';

import { CommitmentsController } from './commitments.controller';
import { NotificationsModule } from '../notifications/notifications.module';
import { CommitmentsService } from './commitments.service';
import { CommitmentCurationService } from './curation.service';

@Module({
  imports: [NotificationsModule],
  controllers: [CommitmentsController],
  providers: [CommitmentsService, CommitmentCurationService],
  exports: [CommitmentsService, CommitmentCurationService],
})
export class CommitmentsModule {}
