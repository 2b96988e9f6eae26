import { Module } from '@nestjs/common';

import { CommitmentsModule } from '../commitments/commitments.module';
import { TimelineController } from './timeline.controller';
import { TimelineService } from './timeline.service';

@Module({ imports: [CommitmentsModule], controllers: [TimelineController], providers: [TimelineService] })
export class TimelineModule {}
