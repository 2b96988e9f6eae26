import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { AccessModule } from '../access/access.module';
import { EventsModule } from '../events/events.module';
import { RedisModule } from '../redis/redis.module';
import { RealtimeGateway } from './realtime.gateway';
import { RoomAccess } from './room-access';

/** Imports no feature: features reach sockets through the LiveChannel (events/), never the gateway. */
@Module({
  imports: [AccessModule, EventsModule, JwtModule.register({}), RedisModule],
  providers: [RealtimeGateway, RoomAccess],
})
export class RealtimeModule {}
