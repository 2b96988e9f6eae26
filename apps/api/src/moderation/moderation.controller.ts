import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  can,
  type FlagView,
  type MessageView,
  type ModerationItem,
  type ModerationQueuePage,
  type Page,
  type RestrictionView,
  type SanctionEntry,
  type SanctionView,
  type Viewer,
} from '@suivi/contracts';

import { Allow, CurrentViewer } from '../access/policy';
import { FlagDto, SanctionDto } from '../messages/messages.dto';
import { ModerationReasonDto } from '../threads/threads.dto';
import { FlagResolutionDto, ModerationQueueQuery, SanctionListQuery } from './moderation.dto';
import { ModerationService } from './moderation.service';
import { RestrictionsService } from '../restrictions/restrictions.service';
import { SanctionsService } from './sanctions.service';
import { UuidPipe } from '../common/uuid.pipe';
import { CHANGES_STATE, Idempotent, NotIdempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('moderation')
@Controller()
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly restrictions: RestrictionsService,
    private readonly sanctions: SanctionsService,
    replays: IdempotencyReplays,
  ) {
    replays.register('flag', (id, viewer) => this.moderation.flagOf(id, viewer));
    replays.register('sanction', (id, viewer) => this.moderation.sanctionOf(id, viewer));
  }

  @Post('messages/:id/flags')
  @Idempotent('flag')
  @Allow(can.flag)
  flag(@Param('id', UuidPipe) id: string, @Body() dto: FlagDto, @CurrentViewer() viewer: Viewer): Promise<FlagView> {
    return this.moderation.flag(id, dto, viewer);
  }

  @Get('moderation/flags')
  @Allow(can.moderate)
  queue(@Query() query: ModerationQueueQuery, @CurrentViewer() viewer: Viewer): Promise<ModerationQueuePage> {
    return this.moderation.queue(query, viewer);
  }

  @Post('moderation/flags/:id/resolve')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.moderate)
  resolve(@Param('id', UuidPipe) id: string, @Body() dto: FlagResolutionDto, @CurrentViewer() viewer: Viewer): Promise<ModerationItem> {
    return this.moderation.resolve(id, dto, viewer);
  }

  @Post('messages/:id/hide')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.moderate)
  hide(@Param('id', UuidPipe) id: string, @Body() dto: ModerationReasonDto, @CurrentViewer() viewer: Viewer): Promise<MessageView> {
    return this.moderation.setHidden(id, true, dto.reason, viewer);
  }

  @Post('messages/:id/unhide')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.moderate)
  unhide(@Param('id', UuidPipe) id: string, @Body() dto: ModerationReasonDto, @CurrentViewer() viewer: Viewer): Promise<MessageView> {
    return this.moderation.setHidden(id, false, dto.reason, viewer);
  }

  @Post('messages/:id/sanction')
  @Idempotent('sanction')
  @Allow(can.moderate)
  sanction(@Param('id', UuidPipe) id: string, @Body() dto: SanctionDto, @CurrentViewer() viewer: Viewer): Promise<SanctionView> {
    return this.moderation.sanction(id, dto, viewer);
  }

  /** Every sanction, newest first; a pseudonymous one names only the pseudonym, thread and message. */
  @Get('moderation/sanctions')
  @Allow(can.moderate)
  sanctionList(@Query() query: SanctionListQuery): Promise<Page<SanctionEntry>> {
    return this.sanctions.list(query);
  }

  @Post('moderation/sanctions/:id/lift')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.moderate)
  lift(@Param('id', UuidPipe) id: string, @Body() dto: ModerationReasonDto, @CurrentViewer() viewer: Viewer): Promise<SanctionEntry> {
    return this.sanctions.lift(id, dto.reason, viewer);
  }

  /** The reader's own restrictions: nobody else's, whatever their role. */
  @Get('me/restrictions')
  @Allow(can.manageOwnAccount)
  mine(@CurrentViewer() viewer: Viewer): Promise<RestrictionView[]> {
    return this.restrictions.mine(viewer.id);
  }
}
