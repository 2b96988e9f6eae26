import { Module } from '@nestjs/common';

import { DomainEvents } from './domain-events';
import { LiveChannel } from './live-channel';

/**
 * Every feature records events and publishes through it; this folder imports no feature, so the
 * arrows only ever point here. Imported by name where used, so a module's imports say what it
 * stands on (one instance all the same: Nest builds a module once).
 */
@Module({
  providers: [DomainEvents, LiveChannel],
  exports: [DomainEvents, LiveChannel],
})
export class EventsModule {}
