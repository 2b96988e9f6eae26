import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  COMMITMENT_SORTS,
  LOCALES,
  PAGE_SIZE_DEFAULT,
  PAGE_SIZE_MAX,
  PROGRESS_STATUSES,
  REGIONS,
  STAKEHOLDER_GROUPS,
  THEMES,
  type CommitmentSort,
  type Locale,
  type ProgressStatus,
  type Region,
  type StakeholderGroup,
  type Theme,
} from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

import { toBoolean } from '../common/validation';

export class CommitmentListQuery {
  @ApiPropertyOptional({ enum: PROGRESS_STATUSES }) @IsOptional() @IsIn(PROGRESS_STATUSES) status?: ProgressStatus;
  @ApiPropertyOptional({ description: 'Owner organisation id' }) @IsOptional() @IsUUID() owner?: string;
  @ApiPropertyOptional({ enum: STAKEHOLDER_GROUPS }) @IsOptional() @IsIn(STAKEHOLDER_GROUPS) group?: StakeholderGroup;
  @ApiPropertyOptional({ enum: THEMES }) @IsOptional() @IsIn(THEMES) theme?: Theme;
  @ApiPropertyOptional({ enum: REGIONS }) @IsOptional() @IsIn(REGIONS) region?: Region;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() overdue?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() contested?: boolean;
  @ApiPropertyOptional({ description: 'Full-text search, French and English' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
  @ApiPropertyOptional({ minimum: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ minimum: 1, maximum: PAGE_SIZE_MAX, default: PAGE_SIZE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_SIZE_MAX)
  pageSize?: number;
  @ApiPropertyOptional({ enum: COMMITMENT_SORTS }) @IsOptional() @IsIn(COMMITMENT_SORTS) sort?: CommitmentSort;
  @ApiPropertyOptional({ enum: LOCALES, description: 'Language used to sort by title' })
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;
}
