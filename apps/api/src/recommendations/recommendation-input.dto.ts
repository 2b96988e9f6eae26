import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAKEHOLDER_GROUPS, THEMES, type StakeholderGroup, type Theme } from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';

import { HasSomeLanguage, LongText } from '../common/bilingual.dto';

export class RecommendationFieldsDto {
  @ApiPropertyOptional({ enum: STAKEHOLDER_GROUPS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(STAKEHOLDER_GROUPS, { each: true })
  addressedTo?: StakeholderGroup[];
  @ApiPropertyOptional({ enum: THEMES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(THEMES, { each: true })
  themes?: Theme[];
}

export class CreateRecommendationDto extends RecommendationFieldsDto {
  @ApiProperty() @IsUUID() dialogueId: string;
  @ApiProperty({ example: 'R5' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(20)
  @Matches(/^[\p{L}\p{N}._-]+$/u, { message: 'code must be short letters and digits, such as R5' })
  code: string;
  @ApiProperty({ type: LongText }) @ValidateNested() @Type(() => LongText) @HasSomeLanguage() text: LongText;
}

export class UpdateRecommendationDto extends RecommendationFieldsDto {
  @ApiPropertyOptional({ type: LongText }) @IsOptional() @ValidateNested() @Type(() => LongText) @HasSomeLanguage() text?: LongText;
  @ApiProperty({ description: 'The version read' }) @IsInt() @Min(1) version: number;
}
