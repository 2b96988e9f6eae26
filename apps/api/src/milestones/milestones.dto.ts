import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsDateString, IsInt, IsOptional, IsString, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';

import { HasSomeLanguage, ShortText } from '../common/bilingual.dto';

const DATE = { message: '$property must be a date (YYYY-MM-DD)' };

export class CreateMilestoneDto {
  @ApiProperty({ type: ShortText }) @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() title: ShortText;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_o, v) => v !== null) @IsDateString({ strict: true }, DATE) plannedDate?: string | null;
  @ApiPropertyOptional() @IsOptional() @ValidateIf((_o, v) => v !== null) @IsDateString({ strict: true }, DATE) reachedDate?: string | null;
  @ApiPropertyOptional({ description: 'Where the evidence is: a link or a short description' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() || null : value))
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(2000)
  evidence?: string | null;
}

export class UpdateMilestoneDto extends CreateMilestoneDto {
  @ApiPropertyOptional({ type: ShortText })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShortText)
  @HasSomeLanguage()
  declare title: ShortText;
  @ApiProperty({ description: 'The version read' }) @IsInt() @Min(1) version: number;
}
