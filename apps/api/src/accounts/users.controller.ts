import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { can, type Page, type UserAdminView, type Viewer } from '@suivi/contracts';

import { Allow, CurrentViewer } from '../access/policy';
import { ReasonDto, UpdateUserDto, UserListQueryDto } from './accounts.dto';
import { AccountsService } from './accounts.service';
import { UuidPipe } from '../common/uuid.pipe';
import { CHANGES_STATE, NotIdempotent } from '../common/idempotent.decorator';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Allow(can.administer)
  list(@Query() query: UserListQueryDto): Promise<Page<UserAdminView>> {
    return this.accounts.list(query);
  }

  @Patch(':id')
  @Allow(can.administer)
  update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateUserDto, @CurrentViewer() viewer: Viewer): Promise<UserAdminView> {
    return this.accounts.update(id, dto, viewer);
  }

  @Post(':id/approve')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.administer)
  approve(@Param('id', UuidPipe) id: string, @Body() dto: ReasonDto, @CurrentViewer() viewer: Viewer): Promise<UserAdminView> {
    return this.accounts.approve(id, dto.reason, viewer);
  }

  @Post(':id/suspend')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.administer)
  suspend(@Param('id', UuidPipe) id: string, @Body() dto: ReasonDto, @CurrentViewer() viewer: Viewer): Promise<UserAdminView> {
    return this.accounts.suspend(id, dto.reason, viewer);
  }

  @Post(':id/reinstate')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(200)
  @Allow(can.administer)
  reinstate(@Param('id', UuidPipe) id: string, @Body() dto: ReasonDto, @CurrentViewer() viewer: Viewer): Promise<UserAdminView> {
    return this.accounts.reinstate(id, dto.reason, viewer);
  }

  @Post(':id/confirm')
  @NotIdempotent(CHANGES_STATE)
  @HttpCode(204)
  @Allow(can.confirmSomeone)
  confirm(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer): Promise<void> {
    return this.accounts.confirm(id, viewer);
  }
}
