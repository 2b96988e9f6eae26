import { Module } from '@nestjs/common';

import { RestrictionsService } from './restrictions.service';

/** On its own so threads and messages can ask "may this person post?" without the moderation module. */
@Module({ providers: [RestrictionsService], exports: [RestrictionsService] })
export class RestrictionsModule {}
