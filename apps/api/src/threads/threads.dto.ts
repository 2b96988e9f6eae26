import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MODERATION_REASON_MAX_LENGTH,
  PAGE_SIZE_MAX,
  SUBJECT_TYPES,
  THREAD_SEARCH_MAX_LENGTH,
  THREAD_SORTS,
  THREAD_SUBJECT_FILTERS,
  THREAD_VISIBILITIES,
  type SubjectType,
  type ThreadFilters,
  type ThreadReadInput,
  type ThreadSort,
  type ThreadSubjectFilter,
  type ThreadVisibility,
} from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';

import { HasSomeLanguage, ShortText } from '../common/bilingual.dto';
import { toBoolean } from '../common/validation';

/** With subjectType and subjectId: that subject's threads. Without: the discussions list, narrowed by the rest. */
export class ThreadListQuery implements ThreadFilters {
  @ApiPropertyOptional({ enum: SUBJECT_TYPES }) @IsOptional() @IsIn(SUBJECT_TYPES) subjectType?: SubjectType;
  @ApiPropertyOptional() @IsOptional() @IsUUID() subjectId?: string;
  @ApiPropertyOptional({
    maxLength: THREAD_SEARCH_MAX_LENGTH,
    description: 'Full text, English and French: titles, and the visible messages of threads the reader may read',
  })
  @IsOptional()
  @IsString()
  @MaxLength(THREAD_SEARCH_MAX_LENGTH)
  q?: string;
  @ApiPropertyOptional({ enum: THREAD_SUBJECT_FILTERS, description: '`general`: channels about no dialogue, recommendation or commitment' })
  @IsOptional()
  @IsIn(THREAD_SUBJECT_FILTERS)
  subject?: ThreadSubjectFilter;
  @ApiPropertyOptional({ enum: THREAD_VISIBILITIES }) @IsOptional() @IsIn(THREAD_VISIBILITIES) visibility?: ThreadVisibility;
  @ApiPropertyOptional({ description: 'Only threads with unread messages (signed-in members)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  unread?: boolean;
  @ApiPropertyOptional({ enum: THREAD_SORTS }) @IsOptional() @IsIn(THREAD_SORTS) sort?: ThreadSort;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_SIZE_MAX) pageSize?: number;
}

export class ThreadReadDto implements ThreadReadInput {
  @ApiProperty({ minimum: 0, description: 'The number of the latest message seen' })
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  upTo: number;
}

export class CreateThreadDto {
  @ApiProperty({ type: ShortText }) @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() title: ShortText;
  @ApiProperty({ enum: THREAD_VISIBILITIES }) @IsIn(THREAD_VISIBILITIES) visibility: ThreadVisibility;
  @ApiPropertyOptional() @IsOptional() @IsUUID() dialogueId?: string | null;
  @ApiPropertyOptional({ enum: SUBJECT_TYPES }) @IsOptional() @IsIn(SUBJECT_TYPES) subjectType?: SubjectType | null;
  @ApiPropertyOptional() @IsOptional() @IsUUID() subjectId?: string | null;
}

export class ModerationReasonDto {
  @ApiProperty({ maxLength: MODERATION_REASON_MAX_LENGTH })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, MODERATION_REASON_MAX_LENGTH, { message: 'reason must say why, in at most $constraint2 characters' })
  reason: string;
}
