import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { PURGE_REASON_MAX_LENGTH, PURGE_REASON_MIN_LENGTH } from '@suivi/contracts';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class VerifyQuery {
  @ApiPropertyOptional({ description: 'Sequence number of a head you kept' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  // 1e100 is an integer to IsInt, and text that a bigint parameter refuses (a 500).
  @Max(Number.MAX_SAFE_INTEGER)
  seq?: number;

  @ApiPropertyOptional({ description: 'Hash of the head you kept' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'hash must be 64 lowercase hexadecimal characters' })
  hash?: string;
}

export class AuditListQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  before?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class PurgeDto {
  @ApiProperty({
    description: 'Why the data is erased; recorded in the chain',
    minLength: PURGE_REASON_MIN_LENGTH,
    maxLength: PURGE_REASON_MAX_LENGTH,
  })
  // Spaces alone say nothing: trimmed first, so they fall short of the minimum.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(PURGE_REASON_MIN_LENGTH, PURGE_REASON_MAX_LENGTH, {
    message: `reason must say why, in ${PURGE_REASON_MIN_LENGTH} to ${PURGE_REASON_MAX_LENGTH} characters`,
  })
  reason: string;
}
