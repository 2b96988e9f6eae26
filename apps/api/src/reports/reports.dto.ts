import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EVIDENCE_LINKS_MAX,
  LOCALES,
  NARRATIVE_MAX_LENGTH,
  PROGRESS_STATUSES,
  REPORT_KINDS,
  type Locale,
  type ProgressStatus,
  type ReportKind,
} from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

import { HasSomeLanguage, LongText } from '../common/bilingual.dto';

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_KINDS }) @IsIn(REPORT_KINDS) kind: ReportKind;
  @ApiProperty({ enum: PROGRESS_STATUSES }) @IsIn(PROGRESS_STATUSES) status: ProgressStatus;
  @ApiPropertyOptional({ minimum: 0, maximum: 100 }) @IsOptional() @IsInt() @Min(0) @Max(100) percent?: number | null;

  @ApiProperty({ type: LongText })
  @ValidateNested()
  @Type(() => LongText)
  @HasSomeLanguage()
  narrative: LongText;

  @ApiPropertyOptional({ type: [String], description: 'http(s) links only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(EVIDENCE_LINKS_MAX)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { each: true, message: 'evidenceLinks must be http or https links' },
  )
  @MaxLength(2000, { each: true })
  evidenceLinks?: string[];

  @ApiPropertyOptional({ description: 'Indicator index → value' })
  @IsOptional()
  @IsObject()
  indicatorValues?: Record<string, number>;

  @ApiPropertyOptional() @IsOptional() @IsUUID() correctsId?: string;
}

export class VerificationDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value))
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class TranslationDto {
  @ApiProperty({ enum: LOCALES }) @IsIn(LOCALES) locale: Locale;
  @ApiProperty()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, NARRATIVE_MAX_LENGTH)
  narrative: string;
}
