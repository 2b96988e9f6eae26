import { Global, Module } from '@nestjs/common';

import { DomainEvents } from './domain-events';
import { LiveChannel } from './live-channel';

/**
 * Global like the database it rides on: every feature records events and publishes, and this
 * folder imports no feature, so the arrows only ever point here.
 */
@Global()
@Module({
  providers: [DomainEvents, LiveChannel],
  exports: [DomainEvents, LiveChannel],
})
export class EventsModule {}
