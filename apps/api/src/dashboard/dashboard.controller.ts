import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '../access/policy';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** With an ETag, the sha256 of the JSON: a phone that has the current figures gets a 304 and no body. */
  @Get()
  @Public()
  async get(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string | undefined> {
    // Cache-Control is set in one place (common/cache-headers): public, so no-cache with this ETag.
    const { json, etag } = await this.dashboard.served();
    void reply.header('etag', etag);
    if (ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) {
      void reply.status(304);
      return undefined;
    }
    // The cached text, not the object: serialising 100 KB again on every request was a third of
    // the route's time (tests/perf R4).
    void reply.type('application/json; charset=utf-8');
    return json;
  }
}
