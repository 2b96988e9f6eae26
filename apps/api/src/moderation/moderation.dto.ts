import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FLAG_STATES, PAGE_SIZE_MAX, SANCTION_FILTERS, type FlagDecision, type FlagState, type SanctionFilter } from '@suivi/contracts';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

import { ModerationReasonDto } from '../threads/threads.dto';

export class ModerationQueueQuery {
  @ApiPropertyOptional({ enum: FLAG_STATES }) @IsOptional() @IsIn(FLAG_STATES) state?: FlagState;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_SIZE_MAX) pageSize?: number;
}

export class FlagResolutionDto extends ModerationReasonDto {
  @ApiProperty({ enum: ['uphold', 'dismiss'] }) @IsIn(['uphold', 'dismiss']) decision: FlagDecision;
  @ApiPropertyOptional({ description: 'With uphold: hide the message too (default true)' }) @IsOptional() @IsBoolean() hide?: boolean;
}

export class SanctionListQuery {
  @ApiPropertyOptional({ enum: SANCTION_FILTERS, description: 'active: in force; ended: expired or lifted; all when left out' })
  @IsOptional()
  @IsIn(SANCTION_FILTERS)
  state?: SanctionFilter;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_SIZE_MAX) pageSize?: number;
}
