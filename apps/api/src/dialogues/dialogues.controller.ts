import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type AccountabilityReportView, type DialogueView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../access/policy';
import { AccountabilityReportService } from './accountability-report.service';
import { CreateDialogueDto, UpdateDialogueDto } from './dialogues.dto';
import { DialoguesService } from './dialogues.service';
import { UuidPipe } from '../common/uuid.pipe';
import { Idempotent } from '../common/idempotent.decorator';
import { IdempotencyReplays } from '../idempotency/idempotency-replays';

@ApiTags('dialogues')
@Controller('dialogues')
export class DialoguesController {
  constructor(
    private readonly dialogues: DialoguesService,
    private readonly reports: AccountabilityReportService,
    replays: IdempotencyReplays,
  ) {
    replays.register('dialogue', (id) => this.dialogues.get(id));
  }

  @Get(':id/report')
  @Public()
  report(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer | null): Promise<AccountabilityReportView> {
    return this.reports.build(id, viewer);
  }

  @Get()
  @Public()
  list(): Promise<DialogueView[]> {
    return this.dialogues.list();
  }

  @Post()
  @Idempotent('dialogue')
  @Allow(can.curate)
  create(@Body() dto: CreateDialogueDto, @CurrentViewer() viewer: Viewer): Promise<DialogueView> {
    return this.dialogues.create(dto, viewer);
  }

  @Patch(':id')
  @Allow(can.curate)
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateDialogueDto, @CurrentViewer() viewer: Viewer): Promise<DialogueView> {
    return this.dialogues.update(id, dto, viewer);
  }

  @Get(':id')
  @Public()
  get(@Param('id', UuidPipe) id: string): Promise<DialogueView> {
    return this.dialogues.get(id);
  }
}
