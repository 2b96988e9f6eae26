import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAKEHOLDER_GROUPS, type FocalPointsInput, type StakeholderGroup } from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';

import { HasSomeLanguage, ShortText } from '../common/bilingual.dto';

const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

export class CreateOrganizationDto {
  @ApiProperty({ type: ShortText })
  @ValidateNested()
  @Type(() => ShortText)
  @HasSomeLanguage()
  name: ShortText;

  @ApiPropertyOptional() @IsOptional() @Transform(trimOrNull) @IsString() @MaxLength(30) acronym?: string | null;
  @ApiProperty({ enum: STAKEHOLDER_GROUPS }) @IsIn(STAKEHOLDER_GROUPS) group: StakeholderGroup;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ type: ShortText })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShortText)
  @HasSomeLanguage()
  name?: ShortText;

  @ApiPropertyOptional() @IsOptional() @Transform(trimOrNull) @IsString() @MaxLength(30) acronym?: string | null;
  @ApiPropertyOptional({ enum: STAKEHOLDER_GROUPS }) @IsOptional() @IsIn(STAKEHOLDER_GROUPS) group?: StakeholderGroup;
  @ApiPropertyOptional({ description: 'The version read; a stale one is a 409' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

export class FocalPointsDto implements FocalPointsInput {
  @ApiProperty({ type: [String], description: 'Active members of the organisation; empty: every active member receives its requests' })
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  userIds: string[];
}
