import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';

import { AccountsModule } from '../accounts/accounts.module';
import { RealtimeGateway } from './realtime.gateway';
import { RoomAccess } from './room-access';

@Global()
@Module({
  imports: [AccountsModule, JwtModule.register({})],
  providers: [RealtimeGateway, RoomAccess],
  exports: [RealtimeGateway],
})
export class RealtimeModule {}
