import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  MODERATION_REASON_MAX_LENGTH,
  PAGE_SIZE_MAX,
  SUBJECT_TYPES,
  THREAD_VISIBILITIES,
  type SubjectType,
  type ThreadVisibility,
} from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min, ValidateNested } from 'class-validator';

import { HasSomeLanguage, ShortText } from '../common/bilingual.dto';

export class ThreadListQuery {
  @ApiPropertyOptional({ enum: SUBJECT_TYPES }) @IsOptional() @IsIn(SUBJECT_TYPES) subjectType?: SubjectType;
  @ApiPropertyOptional() @IsOptional() @IsUUID() subjectId?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_SIZE_MAX) pageSize?: number;
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
