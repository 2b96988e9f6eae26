import { createHash } from 'node:crypto';

import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { can, isActive, type ReportView, type Viewer } from '@suivi/contracts';

import { invalidField } from '../common/domain-error';
import { Allow, CurrentViewer, Public } from '../auth/policy';
import { validateDto } from '../common/validation';
import { prepareEvidence, readUpload, type PreparedEvidence, type UploadedFile } from '../evidence/evidence.service';
import { CreateReportDto, TranslationDto, VerificationDto } from './reports.dto';
import { ReportsService } from './reports.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';
import { stateIdempotentBody } from '../idempotency/request-body';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    replays: IdempotencyReplays,
  ) {
    replays.register('report', (id, viewer) => this.reports.get(id, viewer));
  }

  @Get('commitments/:id/reports')
  @Public()
  list(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<ReportView[]> {
    return this.reports.list(id, viewer);
  }

  // Which kind the person may post depends on the commitment's owner: the service checks it
  // with can.selfReport / can.assess once the commitment is read.
  //
  // JSON, or multipart/form-data with the report as a JSON field `report` and up to five files
  // `evidence` (PDF, PNG, JPEG; 10 MB each), checked from their bytes and cleaned before the
  // database transaction opens.
  @Post('commitments/:id/reports')
  @Idempotent('report')
  @Allow((v) => isActive(v))
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { $ref: getSchemaPath(CreateReportDto) },
        {
          type: 'object',
          properties: {
            report: { type: 'string', description: 'CreateReportDto as JSON' },
            evidence: { type: 'array', items: { type: 'string', format: 'binary' } },
          },
        },
      ],
    },
  })
  async create(
    @Param('id', UuidPipe) id: string,
    @Req() req: FastifyRequest,
    @Body() body: unknown,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ReportView> {
    let raw: unknown = body;
    let files: PreparedEvidence[] = [];
    if (req.isMultipart()) {
      const uploads: UploadedFile[] = [];
      raw = undefined;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'evidence') {
            throw invalidField(part.fieldname, 'unexpected_field', `${part.fieldname}: unexpected file field (use evidence)`);
          }
          // Read now: a multipart stream is consumed in order.
          uploads.push(await readUpload(part));
        } else if (part.fieldname === 'report') {
          raw = parseJsonField(part.value);
        } else {
          throw invalidField(part.fieldname, 'unexpected_field', `${part.fieldname}: unexpected field (use report and evidence)`);
        }
      }
      // What the key's digest covers: the report and each file's bytes, by their sha256.
      stateIdempotentBody(req, { report: raw, evidence: uploads.map((u) => createHash('sha256').update(u.bytes).digest('hex')) });
      files = await prepareEvidence(uploads);
    }
    const dto = await validateDto(CreateReportDto, raw);
    return this.reports.create(id, dto, viewer, files);
  }

  @Get('reports/:id')
  @Public()
  get(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<ReportView> {
    return this.reports.get(id, viewer);
  }

  @Post('reports/:id/verify')
  @Idempotent('report')
  @HttpCode(200)
  @Allow(can.administer)
  verify(@Param('id', UuidPipe) id: string, @Body() dto: VerificationDto, @CurrentViewer() viewer: Viewer): Promise<ReportView> {
    return this.reports.verify(id, dto, viewer);
  }

  @Post('reports/:id/translation')
  @Idempotent('report')
  @HttpCode(200)
  @Allow((v) => isActive(v))
  translate(@Param('id', UuidPipe) id: string, @Body() dto: TranslationDto, @CurrentViewer() viewer: Viewer): Promise<ReportView> {
    return this.reports.addTranslation(id, dto, viewer);
  }
}

function parseJsonField(value: unknown): unknown {
  if (typeof value !== 'string') {
    throw invalidField('report', 'required', 'report must be the report as JSON');
  }
  try {
    return JSON.parse(value);
  } catch {
    throw invalidField('report', 'not_json', 'report is not valid JSON');
  }
}
