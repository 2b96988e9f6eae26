import { Body, Controller, Module, Post, Query, Res } from '@nestjs/common';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import { can, isActive, type Viewer } from '@suivi/contracts';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';

import { DomainError, invalidField } from '../common/domain-error';
import { Allow, CurrentViewer } from '../auth/policy';
import { CommitmentsModule } from '../commitments/commitments.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ReportsModule } from '../reports/reports.module';
import { ImportsService, type ImportResult } from './imports.service';
import { NotIdempotent } from '../common/idempotent.decorator';

export class ImportQuery {
  @IsOptional() @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value)) @IsBoolean() dryRun?: boolean;
}

@ApiTags('imports')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Post('commitments')
  @NotIdempotent(
    "idempotent by content: each row's id derives from the account, the file and the line, so a file sent again changes nothing",
  )
  @Allow(can.curate)
  @ApiConsumes('text/csv')
  async commitments(
    @Body() body: unknown,
    @Query() query: ImportQuery,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportResult> {
    await this.imports.takeAttempt(viewer);
    return answer(await this.imports.commitments(csvText(body), viewer, Boolean(query.dryRun)), Boolean(query.dryRun), reply);
  }

  // Each row is checked against the importer's rights on its commitment (can.selfReport / can.assess).
  @Post('progress')
  @NotIdempotent(
    "idempotent by content: each row's id derives from the account, the file and the line, so a file sent again changes nothing",
  )
  @Allow((v) => isActive(v))
  @ApiConsumes('text/csv')
  async progress(
    @Body() body: unknown,
    @Query() query: ImportQuery,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ImportResult> {
    await this.imports.takeAttempt(viewer);
    return answer(await this.imports.progress(csvText(body), viewer, Boolean(query.dryRun)), Boolean(query.dryRun), reply);
  }
}

function csvText(body: unknown): string {
  if (typeof body !== 'string' || !body.trim()) {
    throw invalidField('body', 'file_type', 'body must be a CSV file sent as text/csv', { name: 'body' });
  }
  return body;
}

/** A dry run always answers 200 with the errors; a real import of an invalid file is a 400 that writes nothing. */
function answer(result: ImportResult, dryRun: boolean, reply: FastifyReply): ImportResult {
  if (!dryRun && !result.valid) {
    throw new DomainError('import_invalid', 'The file has errors; nothing was written', {}, undefined, {
      valid: false,
      rows: result.rows,
      errors: result.errors,
    });
  }
  void reply.status(dryRun ? 200 : 201);
  return result;
}

@Module({ imports: [CommitmentsModule, ReportsModule, NotificationsModule], controllers: [ImportsController], providers: [ImportsService] })
export class ImportsModule {}
