import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type MeView, type NewcomerView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer } from '../access/policy';
import { UpdateMeDto } from './accounts.dto';
import { AccountsService } from './accounts.service';

@ApiTags('me')
@Controller('me')
export class MeController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Allow(can.readOwnStatus)
  me(@CurrentViewer() viewer: Viewer): Promise<MeView> {
    return this.accounts.me(viewer.id);
  }

  /**
   * The caller's current rights as every request sees them (status, role, organisation, group),
   * from the account cache: no database read, so a client can check them cheaply after a change.
   */
  @Get('viewer')
  @Allow(can.readOwnStatus)
  viewer(@CurrentViewer() viewer: Viewer): Viewer {
    return viewer;
  }

  @Patch()
  @Allow(can.manageOwnAccount)
  update(@CurrentViewer() viewer: Viewer, @Body() dto: UpdateMeDto): Promise<MeView> {
    return this.accounts.updateMe(viewer.id, dto);
  }

  @Get('organization/newcomers')
  @Allow(can.seeNewcomers)
  newcomers(@CurrentViewer() viewer: Viewer): Promise<NewcomerView[]> {
    return this.accounts.newcomers(viewer);
  }
}
