import { Controller, Get, Header, Module, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

import { Public } from '../auth/policy';
import { CommitmentListQuery } from '../commitments/commitments.dto';
import { CommitmentsModule } from '../commitments/commitments.module';
import { DialoguesModule } from '../dialogues/dialogues.controller';
import { RecommendationsModule } from '../recommendations/recommendations.controller';
import { ExportsService } from './exports.service';

const day = () => new Date().toISOString().slice(0, 10);

@ApiTags('exports')
@Controller()
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('commitments/export.csv')
  @Public()
  @Header('content-type', 'text/csv; charset=utf-8')
  async commitments(@Query() query: CommitmentListQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-disposition', `attachment; filename="suivi-commitments-${day()}.csv"`);
    return this.exports.commitmentsCsv(query);
  }

  @Get('reports/export.csv')
  @Public()
  @Header('content-type', 'text/csv; charset=utf-8')
  async reports(@Query() query: CommitmentListQuery, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-disposition', `attachment; filename="suivi-reports-${day()}.csv"`);
    return this.exports.reportsCsv(query);
  }

  /** Open data: what the public may see, with hashes, as the public sees it (no authors). */
  @Get('export.json')
  @Public()
  async openData(@Res({ passthrough: true }) reply: FastifyReply): Promise<Record<string, unknown>> {
    void reply.header('content-disposition', `attachment; filename="suivi-open-data-${day()}.json"`);
    return this.exports.openData(null);
  }
}

@Module({
  imports: [CommitmentsModule, DialoguesModule, RecommendationsModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
