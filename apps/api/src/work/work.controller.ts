import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type MyWork, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer } from '../access/policy';
import { WorkService } from './work.service';

@ApiTags('me')
@Controller('me/work')
export class WorkController {
  constructor(private readonly work: WorkService) {}

  @Get()
  @Allow(can.readMyWork)
  get(@CurrentViewer() viewer: Viewer): Promise<MyWork> {
    return this.work.forViewer(viewer);
  }
}
