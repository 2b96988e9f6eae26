import { Global, Module } from '@nestjs/common';

import { Clock } from './clock';

/** Global like the database it reads: every feature that depends on the calendar asks it. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
