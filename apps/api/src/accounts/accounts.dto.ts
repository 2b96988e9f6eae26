import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACCOUNT_STATUSES,
  DISPLAY_NAME_MAX_LENGTH,
  LOCALES,
  PAGE_SIZE_MAX,
  PLATFORM_ROLES,
  type AccountStatus,
  type Locale,
  type PlatformRole,
} from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';

import { IsNotPseudonymForm } from '../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ReasonDto {
  @ApiProperty({ description: 'Recorded in the audit chain with the decision' })
  @Transform(trim)
  @IsString()
  @Length(3, 1000)
  reason: string;
}

export class UpdateUserDto extends ReasonDto {
  @ApiPropertyOptional({ enum: PLATFORM_ROLES }) @IsOptional() @IsIn(PLATFORM_ROLES) role?: PlatformRole;
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  @IsNotPseudonymForm()
  displayName?: string;

  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES) locale?: Locale;
}

export class UserListQueryDto {
  @IsOptional() @IsIn(ACCOUNT_STATUSES) status?: AccountStatus;
  @IsOptional() @IsIn(PLATFORM_ROLES) role?: PlatformRole;
  @IsOptional() @IsUUID() organizationId?: string;
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(PAGE_SIZE_MAX) pageSize?: number;
}
