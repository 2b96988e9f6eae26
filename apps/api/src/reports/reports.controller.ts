import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, isActive, type ReportView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../auth/policy';
import { CreateReportDto, TranslationDto, VerificationDto } from './reports.dto';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('commitments/:id/reports')
  @Public()
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<ReportView[]> {
    return this.reports.list(id, viewer);
  }

  // Which kind the person may post depends on the commitment's owner: the service checks it
  // with can.selfReport / can.assess once the commitment is read.
  @Post('commitments/:id/reports')
  @Allow((v) => isActive(v))
  create(@Param('id', ParseUUIDPipe) id: string, @Body() dto: CreateReportDto, @CurrentViewer() viewer: Viewer): Promise<ReportView> {
    return this.reports.create(id, dto, viewer);
  }

  @Get('reports/:id')
  @Public()
  get(@Param('id', ParseUUIDPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<ReportView> {
    return this.reports.get(id, viewer);
  }

  @Post('reports/:id/verify')
  @HttpCode(200)
  @Allow(can.administer)
  verify(@Param('id', ParseUUIDPipe) id: string, @Body() dto: VerificationDto, @CurrentViewer() viewer: Viewer): Promise<ReportView> {
    return this.reports.verify(id, dto, viewer);
  }

  @Post('reports/:id/translation')
  @HttpCode(200)
  @Allow((v) => isActive(v))
  translate(@Param('id', ParseUUIDPipe) id: string, @Body() dto: TranslationDto, @CurrentViewer() viewer: Viewer): Promise<ReportView> {
    return this.reports.addTranslation(id, dto, viewer);
  }
}
