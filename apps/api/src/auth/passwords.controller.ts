import { Body, Controller, HttpCode, Inject, Param, Post, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type LoginResponse, type ResetLinkMailedView, type ResetLinkView, type Viewer } from '@suivi/contracts';
import type { FastifyReply } from 'fastify';

import { Allow, CurrentViewer } from '../access/policy';
import { CHANGES_STATE, NotIdempotent } from '../common/idempotent.decorator';
import { UuidPipe } from '../common/uuid.pipe';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { AuthThrottleGuard, ThrottleAccountBy } from './auth-throttle.guard';
import { ChangePasswordDto, ResetLinkDto } from './auth.dto';
import { AuthService } from './auth.service';
import { sendSession } from './session-cookie';

/**
 * The password routes under an account's paths (/me, /users/:id): they are sign-in's business
 * (sessions, hashes, reset links), so they live here rather than in accounts/, which then has no
 * need of this folder and sign-in stands above the accounts it reads.
 */
@Controller()
export class PasswordsController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Throttled like sign-in (per account and per address): it tells whether a password is the current one. */
  @Post('me/password')
  @ApiTags('me')
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

  @Post('users/:id/reset-link')
  @ApiTags('users')
  @NotIdempotent('each call issues a fresh link that voids the earlier ones: a lost answer is repaired by asking again')
  @HttpCode(200)
  @Allow(can.administer)
  resetLink(
    @Param('id', UuidPipe) id: string,
    @CurrentViewer() viewer: Viewer,
    @Body() dto: ResetLinkDto,
  ): Promise<ResetLinkView | ResetLinkMailedView> {
    return this.auth.issueResetLink(id, viewer.id, dto?.deliver ?? 'hand');
  }
}
