import { Controller, Get, Header, Headers, Module, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { OpenDataInfoView, OpenDataNotReady } from '@suivi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';

import { Public } from '../auth/policy';
import { etagMatches } from '../common/cache-headers';
import { CommitmentListQuery } from '../commitments/commitments.dto';
import { CommitmentsModule } from '../commitments/commitments.module';
import { DownloadBudget } from './download-budget';
import { ExportsService } from './exports.service';
import { OpenDataService, openDataFileName, toOpenDataInfo } from './open-data.service';

const day = () => new Date().toISOString().slice(0, 10);
const TOO_MANY =
  'too_many_downloads: this address had its DOWNLOADS_PER_ADDRESS downloads in the last 10 minutes (a 304 never counts); Retry-After says when to come back';

/** Before the first export exists: a normal state for a few seconds after a first start, not a failure to log. */
function notReady(reply: FastifyReply): OpenDataNotReady {
  void reply.status(503).header('retry-after', '30');
  return {
    statusCode: 503,
    error: 'Service Unavailable',
    code: 'export_not_ready',
    params: {},
    message: 'The first open data export is being generated',
  };
}

@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(
    private readonly exports: ExportsService,
    private readonly openDataExports: OpenDataService,
    private readonly downloads: DownloadBudget,
  ) {}

  @Get('commitments/export.csv')
  @Public()
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  async commitments(
    @Query() query: CommitmentListQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.downloads.take(request.ip);
    void reply.header('content-disposition', `attachment; filename="suivi-commitments-${day()}.csv"`);
    return this.exports.commitmentsCsv(query);
  }

  @Get('reports/export.csv')
  @Public()
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  async reports(
    @Query() query: CommitmentListQuery,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    await this.downloads.take(request.ip);
    void reply.header('content-disposition', `attachment; filename="suivi-reports-${day()}.csv"`);
    return this.exports.reportsCsv(query);
  }

  /**
   * Open data: the latest export generated in the background, streamed as stored. Its ETag is the
   * head it covers (and whether the record verified), so a client that has it gets a 304, which
   * does not count against its address's downloads; a request never starts a generation (a 503
   * before the first one exists).
   */
  @Get('export.json')
  @Public()
  @ApiOkResponse({ description: 'The open data export (format suivi-open-data/2); check it with npm run verify-export' })
  @ApiTooManyRequestsResponse({ description: TOO_MANY })
  async openData(
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const stored = await this.openDataExports.latest();
    if (!stored) {
      void reply.send(notReady(reply));
      return;
    }
    // Cache-Control comes from the one policy (common/cache-headers.ts: no-cache, revalidated with
    // this ETag); the 304 is answered here, as that hook answers it for bodies, not streams.
    const version = { etag: stored.etag, 'x-suivi-export-head': String(stored.headSeq) };
    if (etagMatches(ifNoneMatch, stored.etag)) {
      void reply.headers(version).status(304).send();
      return;
    }
    await this.downloads.take(request.ip);
    void reply
      .headers({
        ...version,
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(stored.size),
        'content-disposition': `attachment; filename="${openDataFileName(stored)}"`,
      })
      .send(this.openDataExports.stream(stored));
  }

  /** What the latest export covers, its size and name, for the open data page (a few bytes, from one row). */
  @Get('open-data')
  @Public()
  @ApiOkResponse({ description: 'The latest open data export: the event it covers, when it was generated, its size and file name' })
  @ApiServiceUnavailableResponse({ description: 'export_not_ready: the first export is being generated' })
  async openDataInfo(@Res({ passthrough: true }) reply: FastifyReply): Promise<OpenDataInfoView | OpenDataNotReady> {
    const stored = await this.openDataExports.latest();
    return stored ? toOpenDataInfo(stored) : notReady(reply);
  }
}

@Module({
  imports: [CommitmentsModule],
  controllers: [ExportsController],
  providers: [ExportsService, OpenDataService, DownloadBudget],
  exports: [OpenDataService],
})
export class ExportsModule {}
