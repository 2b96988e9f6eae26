import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FLAG_REASON_MAX_LENGTH, MESSAGE_MAX_LENGTH, MESSAGE_PAGE_MAX, SANCTION_KINDS, type SanctionKind } from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { ModerationReasonDto } from '../threads/threads.dto';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const MENTIONS_MAX = 20;

export class MentionDto {
  @ApiProperty({ enum: ['member', 'pseudonym'] }) @IsIn(['member', 'pseudonym']) kind: 'member' | 'pseudonym';
  @ApiPropertyOptional() @ValidateIf((m: MentionDto) => m.kind === 'member') @IsUUID() id?: string;
  @ApiPropertyOptional() @ValidateIf((m: MentionDto) => m.kind === 'pseudonym') @IsString() @Length(1, 60) pseudonym?: string;
}

export class EditMessageDto {
  @ApiProperty({ maxLength: MESSAGE_MAX_LENGTH })
  @Transform(trim)
  @IsString()
  @Length(1, MESSAGE_MAX_LENGTH, { message: `body must hold between 1 and ${MESSAGE_MAX_LENGTH} characters` })
  body: string;

  @ApiPropertyOptional({ type: [MentionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MENTIONS_MAX)
  @ValidateNested({ each: true })
  @Type(() => MentionDto)
  mentions?: MentionDto[];
}

export class CreateMessageDto extends EditMessageDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() replyToId?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() pseudonymous?: boolean;
}

export class MessagePageQuery {
  @ApiPropertyOptional({ description: 'Messages created before this number (paging back)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // 1e100 is an integer to IsInt, and text that a bigint parameter refuses (a 500).
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;

  @ApiPropertyOptional({ description: 'Messages created or changed after this seq (catching up)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  after?: number;

  @ApiPropertyOptional({ maximum: MESSAGE_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MESSAGE_PAGE_MAX)
  limit?: number;
}

export class MentionableQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 60) q?: string;
}

export class FlagDto {
  @ApiProperty({ maxLength: FLAG_REASON_MAX_LENGTH })
  @Transform(trim)
  @IsString()
  @Length(1, FLAG_REASON_MAX_LENGTH, { message: `reason must say what is wrong, in at most ${FLAG_REASON_MAX_LENGTH} characters` })
  reason: string;
}

export class SanctionDto extends ModerationReasonDto {
  @ApiProperty({ enum: SANCTION_KINDS }) @IsIn(SANCTION_KINDS) kind: SanctionKind;
  @ApiPropertyOptional({ description: 'End of a mute (ISO 8601)' }) @IsOptional() @IsISO8601({ strict: true }) until?: string | null;
}
