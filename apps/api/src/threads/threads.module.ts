import { Module } from '@nestjs/common';

import { RestrictionsModule } from '../restrictions/restrictions.module';
import { ThreadReads } from './thread-reads';
import { ThreadsController } from './threads.controller';
import { ThreadsLive } from './threads.live';
import { ThreadsService } from './threads.service';

@Module({
  imports: [RestrictionsModule],
  controllers: [ThreadsController],
  providers: [ThreadsService, ThreadsLive, ThreadReads],
  exports: [ThreadsService],
})
export class ThreadsModule {}
