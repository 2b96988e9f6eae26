import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  can,
  type EmailPreferencesView,
  type MailFailurePage,
  type UnsubscribePreview,
  type UnsubscribeResult,
  type Viewer,
} from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { CHANGES_STATE, NotIdempotent } from '../common/idempotent.decorator';
import { EmailPreferencesService } from './email-preferences.service';
import { MailFailuresService } from './mail-failures.service';
import { MailFailureQueryDto, UnsubscribeQueryDto, UpdateEmailPreferencesDto } from './mail.dto';

@Controller()
export class MailController {
  constructor(
    private readonly preferences: EmailPreferencesService,
    private readonly failures: MailFailuresService,
  ) {}

  @Get('me/email-preferences')
  @ApiTags('me')
  @Allow(can.setEmailPreferences)
  get(@CurrentViewer() viewer: Viewer): Promise<EmailPreferencesView> {
    return this.preferences.get(viewer.id);
  }

  @Put('me/email-preferences')
  @ApiTags('me')
  @Allow(can.setEmailPreferences)
  update(@CurrentViewer() viewer: Viewer, @Body() dto: UpdateEmailPreferencesDto): Promise<EmailPreferencesView> {
    return this.preferences.update(viewer.id, dto.preferences);
  }

  /** What the link would change. Mail scanners open links: a GET never changes anything. */
  @Get('email/unsubscribe')
  @ApiTags('email')
  @Public()
  preview(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribePreview> {
    return this.preferences.preview(query.token);
  }

  /** The change, from the page's button or a mail client's one-click unsubscribe (RFC 8058, `List-Unsubscribe-Post`). */
  @Post('email/unsubscribe')
  @ApiTags('email')
  @Public()
  @HttpCode(200)
  @NotIdempotent(CHANGES_STATE)
  unsubscribe(@Query() query: UnsubscribeQueryDto): Promise<UnsubscribeResult> {
    return this.preferences.unsubscribe(query.token);
  }

  @Get('mail/failures')
  @ApiTags('mail')
  @Allow(can.readMailFailures)
  list(@Query() query: MailFailureQueryDto): Promise<MailFailurePage> {
    return this.failures.list(query.page, query.pageSize);
  }
}
