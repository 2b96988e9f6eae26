import { Body, Controller, Get, HttpCode, Inject, Patch, Post, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type LoginResponse, type MeView, type NewcomerView, type Viewer } from '@suivi/contracts';
import type { FastifyReply } from 'fastify';

import { Allow, CurrentViewer } from '../auth/policy';
import { AuthThrottleGuard, ThrottleAccountBy } from '../auth/auth-throttle.guard';
import { ChangePasswordDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { sendSession } from '../auth/session-cookie';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { UpdateMeDto } from './accounts.dto';
import { AccountsService } from './accounts.service';
import { CHANGES_STATE, NotIdempotent } from '../common/idempotent.decorator';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Allow(can.readOwnStatus)
  me(@CurrentViewer() viewer: Viewer): Promise<MeView> {
    return this.accounts.me(viewer.id);
  }

  /**
   * The caller's current rights as every request sees them (status, role, organisation, group),
   * from the account cache: no database read, so a client can check them cheaply after a change.
   */
  @Get('viewer')
  @Allow(can.readOwnStatus)
  viewer(@CurrentViewer() viewer: Viewer): Viewer {
    return viewer;
  }

  @Patch()
  @Allow(can.manageOwnAccount)
  update(@CurrentViewer() viewer: Viewer, @Body() dto: UpdateMeDto): Promise<MeView> {
    return this.accounts.updateMe(viewer.id, dto);
  }

  /** Throttled like sign-in (per account and per address): it tells whether a password is the current one. */
  @Post('password')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.manageOwnAccount)
  @ThrottleAccountBy('viewer')
  @UseGuards(AuthThrottleGuard)
  async changePassword(
    @CurrentViewer() viewer: Viewer,
    @Body() dto: ChangePasswordDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    return sendSession(reply, await this.auth.changePassword(viewer.id, dto.currentPassword, dto.newPassword), this.config);
  }

  @Get('organization/newcomers')
  @Allow(can.seeNewcomers)
  newcomers(@CurrentViewer() viewer: Viewer): Promise<NewcomerView[]> {
    return this.accounts.newcomers(viewer);
  }
}
