import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REGIONS, THEMES, type Region, type Theme } from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { HasSomeLanguage, LongText, ShortText } from '../common/bilingual.dto';

export class IndicatorDto {
  @ApiProperty({ type: ShortText }) @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() name: ShortText;
  @ApiProperty() @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)) @IsString() @MaxLength(40) unit: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) baseline: number | null;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) target: number | null;
  @ApiPropertyOptional() @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) current: number | null;
}

const DATE = { message: '$property must be a date (YYYY-MM-DD)' };

export class CommitmentFieldsDto {
  @ApiPropertyOptional({ type: LongText }) @IsOptional() @ValidateNested() @Type(() => LongText) description?: LongText;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(30)
  @IsUUID(undefined, { each: true })
  supportingIds?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(30)
  @IsUUID(undefined, { each: true })
  recommendationIds?: string[];
  @ApiPropertyOptional({ enum: THEMES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(THEMES, { each: true })
  themes?: Theme[];
  @ApiPropertyOptional({ enum: REGIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(REGIONS, { each: true })
  regions?: Region[];
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_o, v) => v !== null) @IsDateString({ strict: true }, DATE) startDate?: string | null;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_o, v) => v !== null) @IsDateString({ strict: true }, DATE) dueDate?: string | null;
  @ApiPropertyOptional({ type: [IndicatorDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => IndicatorDto)
  indicators?: IndicatorDto[];
}

export class CreateCommitmentDto extends CommitmentFieldsDto {
  @ApiProperty() @IsUUID() dialogueId: string;
  @ApiProperty({ type: ShortText }) @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() title: ShortText;
  @ApiProperty() @IsUUID() ownerId: string;
}

export class UpdateCommitmentDto extends CommitmentFieldsDto {
  @ApiPropertyOptional({ type: ShortText }) @IsOptional() @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() title?: ShortText;
  @ApiPropertyOptional() @IsOptional() @IsUUID() ownerId?: string;
  @ApiProperty({ description: 'The version read; a stale one answers 409 with the current record' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version: number;
}
