import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';

import { AccessModule } from './access/access.module';
import { AccountsModule } from './accounts/accounts.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ClockModule } from './clock/clock.module';
import { EventsModule } from './events/events.module';
import { PolicyGuard } from './access/policy';
import { ViewerGuard } from './access/viewer.guard';
import { RealtimeModule } from './realtime/realtime.module';
import { RedisModule } from './redis/redis.module';
import { HttpErrorFilter } from './common/http-exception.filter';
import { CommitmentsModule } from './commitments/commitments.module';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/env';
import { loggerParams } from './config/logger';
import { DashboardModule } from './dashboard/dashboard.module';
import { DialoguesModule } from './dialogues/dialogues.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { EvidenceModule } from './evidence/evidence.module';
import { ExportsModule } from './exports/exports.module';
import { ImportsModule } from './imports/imports.module';
import { FollowsModule } from './follows/follows.module';
import { MilestonesModule } from './milestones/milestones.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ReportsModule } from './reports/reports.module';
import { RecommendationsModule } from './recommendations/recommendations.module';
import { SeedModule } from './seed/seed.module';
import { MessagesModule } from './messages/messages.module';
import { ModerationModule } from './moderation/moderation.module';
import { ThreadsModule } from './threads/threads.module';
import { TimelineModule } from './timeline/timeline.module';
import { RoundsModule } from './rounds/rounds.module';
import { WorkModule } from './work/work.module';
import { MailModule } from './mail/mail.module';

@Module({})
export class AppModule {
  static register(config: AppConfig, dataSource: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.register(config),
        LoggerModule.forRoot(loggerParams(config)),
        TypeOrmModule.forRootAsync({
          useFactory: () => dataSource.options,
          dataSourceFactory: async () => dataSource,
        }),
        RedisModule,
        EventsModule,
        ClockModule,
        AuditModule,
        IdempotencyModule,
        AccessModule,
        AccountsModule,
        AuthModule,
        RealtimeModule,
        HealthModule,
        OrganizationsModule,
        DialoguesModule,
        RecommendationsModule,
        CommitmentsModule,
        DashboardModule,
        ReportsModule,
        TimelineModule,
        RoundsModule,
        WorkModule,
        NotificationsModule,
        MailModule,
        FollowsModule,
        MilestonesModule,
        ExportsModule,
        EvidenceModule,
        ImportsModule,
        ThreadsModule,
        MessagesModule,
        ModerationModule,
        SeedModule,
      ],
      providers: [
        // Order matters: who is asking (ViewerGuard), then whether they may (PolicyGuard).
        { provide: APP_GUARD, useClass: ViewerGuard },
        { provide: APP_GUARD, useClass: PolicyGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
      ],
    };
  }
}
