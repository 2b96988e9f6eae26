// The ground floor's "who is asking, and may they": the viewer a request or a socket stands for
// (a token read against the account cache) and the declared policy every route names. Features
// stand on it; it imports no feature, so the policy decorators used by accounts, audit and every
// other folder no longer pull the sign-in feature (auth/) under them.
import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';

import { RedisModule } from '../redis/redis.module';
import { AccountCache } from './account-cache.service';
import { JwtStrategy } from './jwt.strategy';

@Module({
  imports: [PassportModule, RedisModule],
  providers: [AccountCache, JwtStrategy],
  exports: [AccountCache],
})
export class AccessModule {}
