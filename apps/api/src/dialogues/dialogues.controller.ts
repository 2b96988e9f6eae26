import { Body, Controller, Get, Module, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type DialogueView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer, Public } from '../auth/policy';
import { CreateDialogueDto, UpdateDialogueDto } from './dialogues.dto';
import { DialoguesService } from './dialogues.service';

@ApiTags('dialogues')
@Controller('dialogues')
export class DialoguesController {
  constructor(private readonly dialogues: DialoguesService) {}

  @Get()
  @Public()
  list(): Promise<DialogueView[]> {
    return this.dialogues.list();
  }

  @Post()
  @Allow(can.curate)
  create(@Body() dto: CreateDialogueDto, @CurrentViewer() viewer: Viewer): Promise<DialogueView> {
    return this.dialogues.create(dto, viewer);
  }

  @Patch(':id')
  @Allow(can.curate)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateDialogueDto, @CurrentViewer() viewer: Viewer): Promise<DialogueView> {
    return this.dialogues.update(id, dto, viewer);
  }

  @Get(':id')
  @Public()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<DialogueView> {
    return this.dialogues.get(id);
  }
}

@Module({ controllers: [DialoguesController], providers: [DialoguesService], exports: [DialoguesService] })
export class DialoguesModule {}
