import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { THEMES, type RoundInput, type RoundPatch, type RoundScope, type Theme } from '@suivi/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

import { HasSomeLanguage, ShortText } from '../common/bilingual.dto';

const DATE = { message: '$property must be a date (YYYY-MM-DD)' };

export class RoundScopeDto implements RoundScope {
  @ApiPropertyOptional({ enum: THEMES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(THEMES.length)
  @IsIn(THEMES, { each: true })
  themes?: Theme[];

  @ApiPropertyOptional({ type: [String], description: 'Owner organisations' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  ownerIds?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  recommendationIds?: string[];
}

export class CreateRoundDto implements RoundInput {
  @ApiProperty({ type: ShortText }) @ValidateNested() @Type(() => ShortText) @HasSomeLanguage() title: ShortText;
  @ApiProperty({ example: '2026-12-01', description: 'Today or earlier opens the round at once' })
  @IsDateString({ strict: true }, DATE)
  opensOn: string;
  @ApiProperty({ example: '2026-12-15' }) @IsDateString({ strict: true }, DATE) dueOn: string;
  @ApiPropertyOptional({ example: '2026-12-29', description: 'Defaults to dueOn + 14 days' })
  @IsOptional()
  @IsDateString({ strict: true }, DATE)
  closesOn?: string;
  @ApiProperty() @IsBoolean() inviteAssessments: boolean;
  @ApiPropertyOptional({ type: RoundScopeDto, nullable: true, description: 'Absent or null: every open commitment of the dialogue' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @ValidateNested()
  @Type(() => RoundScopeDto)
  scope?: RoundScopeDto | null;
}

export class UpdateRoundDto implements RoundPatch {
  @ApiPropertyOptional({ type: ShortText })
  @IsOptional()
  @ValidateNested()
  @Type(() => ShortText)
  @HasSomeLanguage()
  title?: ShortText;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }, DATE) opensOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }, DATE) dueOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsDateString({ strict: true }, DATE) closesOn?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() inviteAssessments?: boolean;
  @ApiPropertyOptional({ type: RoundScopeDto, nullable: true })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @ValidateNested()
  @Type(() => RoundScopeDto)
  scope?: RoundScopeDto | null;
  @ApiProperty({ description: 'The version read' }) @IsInt() @Min(1) version: number;
}
