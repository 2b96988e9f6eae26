import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiProperty, ApiTags } from '@nestjs/swagger';
import { can, SUBJECT_TYPES, type FollowView, type SubjectType, type Viewer } from '@suivi/contracts';
import { IsIn, IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';

import { Allow, CurrentViewer } from '../access/policy';
import { FollowsService } from './follows.service';
import { UuidPipe } from '../common/uuid.pipe';
import { NotIdempotent } from '../common/idempotent.decorator';

export class FollowDto {
  @ApiProperty({ enum: SUBJECT_TYPES }) @IsIn(SUBJECT_TYPES) subjectType: SubjectType;
  @ApiProperty() @IsUUID() subjectId: string;
}

@ApiTags('follows')
@Controller()
export class FollowsController {
  constructor(private readonly follows: FollowsService) {}

  /** Following twice is harmless: the existing follow is returned (200) rather than a new one (201). */
  @Post('follows')
  @NotIdempotent('following is once per account and subject: sent again, it answers the existing follow (200)')
  @Allow(can.follow)
  async follow(
    @Body() dto: FollowDto,
    @CurrentViewer() viewer: Viewer,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<FollowView> {
    const { follow, created } = await this.follows.follow(viewer, dto.subjectType, dto.subjectId);
    void reply.status(created ? 201 : 200);
    return follow;
  }

  @Delete('follows/:id')
  @HttpCode(204)
  @Allow(can.follow)
  unfollow(@Param('id', UuidPipe) id: string, @CurrentViewer() viewer: Viewer): Promise<void> {
    return this.follows.unfollow(viewer, id);
  }

  @Get('me/follows')
  @Allow(can.manageOwnAccount)
  mine(@CurrentViewer() viewer: Viewer): Promise<FollowView[]> {
    return this.follows.list(viewer.id);
  }
}
