import { Body, Controller, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { LoginResponse } from '@suivi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { Public } from '../access/policy';
import { NotIdempotent } from '../common/idempotent.decorator';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { AuthThrottleGuard, ThrottleAccountBy } from './auth-throttle.guard';
import { LoginDto, RegisterDto, ResetPasswordDto } from './auth.dto';
import { AuthService } from './auth.service';
import { KNOWN_DEVICE_COOKIE, KnownDevices } from './known-devices';
import { LocalAuthGuard } from './local-auth.guard';
import { clearSession, REFRESH_COOKIE, sendKnownDevice, sendSession } from './session-cookie';

@ApiTags('auth')
@Controller('auth')
@NotIdempotent('signed-out routes, or the session itself: no account to scope a key to, and each is safe to send again or rate-limited')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly devices: KnownDevices,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('register')
  @Public()
  @HttpCode(202)
  @UseGuards(AuthThrottleGuard)
  async register(@Body() dto: RegisterDto): Promise<{ message: string }> {
    await this.auth.register(dto);
    return { message: 'Thank you. If this email can be used, your account now waits for approval.' };
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  // The throttle runs before the credentials are checked, so failures count too.
  @ThrottleAccountBy('sign-in')
  @UseGuards(AuthThrottleGuard, LocalAuthGuard)
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest & { user: { id: string } },
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponse> {
    const session = await this.auth.startSession(req.user.id);
    sendKnownDevice(reply, this.devices.remember(req.cookies[KNOWN_DEVICE_COOKIE], dto.email), this.config);
    return sendSession(reply, session, this.config);
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponse> {
    try {
      return sendSession(reply, await this.auth.refresh(req.cookies[REFRESH_COOKIE]), this.config);
    } catch (error) {
      clearSession(reply, this.config);
      throw error;
    }
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  async logout(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(req.cookies[REFRESH_COOKIE]);
    clearSession(reply, this.config);
  }

  @Post('reset')
  @Public()
  @HttpCode(204)
  @UseGuards(AuthThrottleGuard)
  async reset(@Body() dto: ResetPasswordDto): Promise<void> {
    await this.auth.resetPassword(dto.token, dto.newPassword);
  }
}
