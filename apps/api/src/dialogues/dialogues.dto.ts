import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DIALOGUE_STATUSES, type DialogueStatus } from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { HasSomeLanguage, LongText, ShortText } from '../common/bilingual.dto';

const DATE = { message: '$property must be a date (YYYY-MM-DD)' };

export class DialogueFieldsDto {
  @ApiPropertyOptional({ type: LongText }) @IsOptional() @ValidateNested() @Type(() => LongText) summary?: LongText;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(300)
  place?: string;
  @ApiPropertyOptional({ enum: DIALOGUE_STATUSES }) @IsOptional() @IsIn(DIALOGUE_STATUSES) status?: DialogueStatus;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(500)
  @IsUUID(undefined, { each: true })
  participantIds?: string[];
}

export class CreateDialogueDto extends DialogueFieldsDto {
  @ApiProperty({ type: ShortText }) @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() title: ShortText;
  @ApiProperty() @IsDateString({ strict: true }, DATE) startDate: string;
  @ApiProperty() @IsDateString({ strict: true }, DATE) endDate: string;
}

export class UpdateDialogueDto extends DialogueFieldsDto {
  @ApiPropertyOptional({ type: ShortText }) @IsOptional() @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() title?: ShortText;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }, DATE) startDate?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }, DATE) endDate?: string;
  @ApiProperty({ description: 'The version read' }) @IsInt() @Min(1) version: number;
}
