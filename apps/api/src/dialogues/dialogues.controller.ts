import { Controller, Get, Module, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { DialogueView } from '@suivi/contracts';

import { Public } from '../auth/policy';
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

  @Get(':id')
  @Public()
  get(@Param('id', ParseUUIDPipe) id: string): Promise<DialogueView> {
    return this.dialogues.get(id);
  }
}

@Module({ controllers: [DialoguesController], providers: [DialoguesService], exports: [DialoguesService] })
export class DialoguesModule {}
