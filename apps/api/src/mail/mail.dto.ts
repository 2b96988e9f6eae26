import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  EMAIL_CADENCES,
  PAGE_SIZE_MAX,
  type EmailCadence,
  type EmailPreferences,
  type UpdateEmailPreferencesRequest,
} from '@suivi/contracts';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class EmailPreferencesDto implements Partial<EmailPreferences> {
  @ApiPropertyOptional({ enum: EMAIL_CADENCES }) @IsOptional() @IsIn(EMAIL_CADENCES) activity?: EmailCadence;
  @ApiPropertyOptional({ enum: EMAIL_CADENCES }) @IsOptional() @IsIn(EMAIL_CADENCES) asks?: EmailCadence;
  @ApiPropertyOptional({ enum: EMAIL_CADENCES }) @IsOptional() @IsIn(EMAIL_CADENCES) reminders?: EmailCadence;
  @ApiPropertyOptional({ enum: EMAIL_CADENCES }) @IsOptional() @IsIn(EMAIL_CADENCES) account?: EmailCadence;
}

export class UpdateEmailPreferencesDto implements UpdateEmailPreferencesRequest {
  @ApiProperty({ type: EmailPreferencesDto, example: { activity: 'weekly' } })
  @IsDefined()
  @ValidateNested()
  @Type(() => EmailPreferencesDto)
  preferences: EmailPreferencesDto;
}

export class UnsubscribeQueryDto {
  @ApiProperty({ description: "The token of a mail's unsubscribe link" }) @IsString() @MaxLength(200) token: string;
}

export class MailFailureQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_SIZE_MAX) pageSize?: number;
}
