import { Module } from '@nestjs/common';

import { AuditModule } from '../audit/audit.module';
import { ClockModule } from '../clock/clock.module';
import { EventsModule } from '../events/events.module';
import { EmailPreferencesService } from './email-preferences.service';
import { MailFailuresService } from './mail-failures.service';
import { MailOutbox } from './mail-outbox.service';
import { MailSweep } from './mail-sweep.service';
import { MailTransport } from './mail-transport';
import { MailWorker } from './mail-worker.service';
import { MailController } from './mail.controller';

/**
 * Mail (issue 21): the outbox written with each write, the sweep that computes reminders and
 * digests, the worker that delivers them, preferences and unsubscribe, and the failures page.
 */
@Module({
  imports: [AuditModule, ClockModule, EventsModule],
  controllers: [MailController],
  providers: [EmailPreferencesService, MailFailuresService, MailOutbox, MailSweep, MailTransport, MailWorker],
  exports: [MailOutbox, MailSweep, MailWorker],
})
export class MailModule {}
