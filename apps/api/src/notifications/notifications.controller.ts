import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type NotificationPage, type NotificationView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer } from '../access/policy';
import { NotificationListQuery } from './notifications.dto';
import { NotificationsService } from './notifications.service';
import { UuidPipe } from '../common/uuid.pipe';
import { CHANGES_STATE, NotIdempotent } from '../common/idempotent.decorator';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Allow(can.manageOwnAccount)
  list(@Query() query: NotificationListQuery, @CurrentViewer() viewer: Viewer): Promise<NotificationPage> {
    return this.notifications.list(viewer.id, query);
  }

  /** Marks every notification read. */
  @Post()
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.manageOwnAccount)
  readAll(@CurrentViewer() viewer: Viewer): Promise<{ unread: number }> {
    return this.notifications.markAllRead(viewer.id);
  }

  @Post(':id/read')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.manageOwnAccount)
  read(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer): Promise<NotificationView> {
    return this.notifications.markRead(viewer.id, id);
  }
}
