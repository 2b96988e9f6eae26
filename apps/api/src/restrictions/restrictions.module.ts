import { Module } from '@nestjs/common';

import { RestrictionsService } from './restrictions.service';

/**
 * On its own, below messages, threads and moderation: threads and messages ask "may this person
 * post?", moderation decides the sanctions it reads.
 */
@Module({ providers: [RestrictionsService], exports: [RestrictionsService] })
export class RestrictionsModule {}
