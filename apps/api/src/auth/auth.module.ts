import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';

import { AccessModule } from '../access/access.module';
import { AccountsModule } from '../accounts/accounts.module';
import { AuditModule } from '../audit/audit.module';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { EventsModule } from '../events/events.module';
import { MailModule } from '../mail/mail.module';
import { RedisConnections, RedisModule } from '../redis/redis.module';
import { ResilientThrottlerStorage } from '../redis/resilient-throttler-storage';
import { ACCOUNT_THROTTLER, ADDRESS_THROTTLER } from './auth-throttle.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { KnownDevices } from './known-devices';
import { LocalStrategy } from './local.strategy';
import { PasswordsController } from './passwords.controller';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

@Module({
  imports: [
    AccessModule,
    AccountsModule,
    AuditModule,
    EventsModule,
    MailModule,
    PassportModule,
    JwtModule.register({}),
    ThrottlerModule.forRootAsync({
      imports: [RedisModule],
      inject: [APP_CONFIG, RedisConnections],
      useFactory: (config: AppConfig, redis: RedisConnections) => ({
        throttlers: [
          { name: ADDRESS_THROTTLER, ttl: FIFTEEN_MINUTES, limit: config.authAttemptsPerAddress },
          { name: ACCOUNT_THROTTLER, ttl: FIFTEEN_MINUTES, limit: config.authAttemptsPerAccount },
        ],
        // Counters shared by every instance when Redis is there (in-process while it is down);
        // in-process otherwise.
        storage: redis.client ? new ResilientThrottlerStorage(new ThrottlerStorageRedisService(redis.client), redis.client) : undefined,
      }),
    }),
  ],
  controllers: [AuthController, PasswordsController],
  providers: [AuthService, LocalStrategy, KnownDevices],
  exports: [AuthService],
})
export class AuthModule {}
