import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type MessageAuthor, type MessagePage, type MessageView, type OwnPseudonymView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { MessageRateLimit } from './message-rate-limit';
import { CreateMessageDto, EditMessageDto, MentionableQuery, MessagePageQuery } from './messages.dto';
import { MessagesService } from './messages.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

// Whether a reader may read or post in a given thread depends on the thread (its visibility, its
// dialogue's participants, whether it is locked): the service checks can.readThread and
// can.postInThread once the thread is read.
@ApiTags('discussion')
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly rate: MessageRateLimit,
    replays: IdempotencyReplays,
  ) {
    replays.register('message', (id, viewer) => this.messages.get(id, viewer));
  }

  @Get('threads/:id/messages')
  @Public()
  page(@Param('id', UuidPipe) id: string, @Query() query: MessagePageQuery, @CurrentViewer() viewer: Viewer | null): Promise<MessagePage> {
    return this.messages.page(id, viewer, query);
  }

  @Post('threads/:id/messages')
  @Idempotent('message')
  @Allow(can.postPublic)
  async post(@Param('id', UuidPipe) id: string, @Body() dto: CreateMessageDto, @CurrentViewer() viewer: Viewer): Promise<MessageView> {
    await this.rate.take(viewer.id);
    return this.messages.post(id, dto, viewer);
  }

  @Get('threads/:id/mentionable')
  @Public()
  mentionable(
    @Param('id', UuidPipe) id: string,
    @Query() query: MentionableQuery,
    @CurrentViewer() viewer: Viewer | null,
  ): Promise<MessageAuthor[]> {
    return this.messages.mentionable(id, viewer, query.q);
  }

  /**
   * The caller's own pseudonym in this thread, for the composer to show before sending. Only
   * those who may post under one get it, only ever their own (no parameter names anyone else),
   * for the account's current epoch, and never kept by a cache (the rule makes it no-store).
   */
  @Get('threads/:id/pseudonym')
  @Allow(can.postPseudonymously)
  ownPseudonym(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer): Promise<OwnPseudonymView> {
    return this.messages.ownPseudonym(id, viewer);
  }

  @Get('messages/:id')
  @Public()
  async get(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<MessageView> {
    const message = await this.messages.get(id, viewer);
    await this.messages.assertReadable(message.threadId, viewer);
    return message;
  }

  @Patch('messages/:id')
  @Allow(can.postPublic)
  async edit(@Param('id', UuidPipe) id: string, @Body() dto: EditMessageDto, @CurrentViewer() viewer: Viewer): Promise<MessageView> {
    await this.rate.take(viewer.id);
    return this.messages.edit(id, dto, viewer);
  }

  @Delete('messages/:id')
  @Allow(can.postPublic)
  remove(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer): Promise<MessageView> {
    return this.messages.remove(id, viewer);
  }
}
