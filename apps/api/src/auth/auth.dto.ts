import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DISPLAY_NAME_MAX_LENGTH, LOCALES, PASSWORD_MAX_LENGTH, type Locale } from '@suivi/contracts';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

import { IsNotPseudonymForm } from '../common/validation';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RegisterDto {
  @ApiProperty() @Transform(trim) @IsEmail({}, { message: 'email must be a valid email address' }) @MaxLength(254) email: string;
  // Length and commonness are checked by the password policy, with a message naming the field.
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password: string;
  @ApiProperty()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(DISPLAY_NAME_MAX_LENGTH)
  @IsNotPseudonymForm()
  displayName: string;
  @ApiProperty() @IsUUID(undefined, { message: 'organizationId must be the id of an organisation' }) organizationId: string;
  @ApiProperty({ enum: LOCALES }) @IsIn(LOCALES) locale: Locale;
}

export class LoginDto {
  @ApiProperty() @IsString() @MaxLength(254) email: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) password: string;
}

export class ChangePasswordDto {
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) currentPassword: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) newPassword: string;
}

export class ResetPasswordDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) token: string;
  @ApiProperty() @IsString() @MaxLength(PASSWORD_MAX_LENGTH) newPassword: string;
}

/** `POST /users/:id/reset-link`: hand the link over (the default), or mail it to the account's own address. */
export class ResetLinkDto {
  @ApiPropertyOptional({ enum: ['hand', 'mail'], default: 'hand' }) @IsOptional() @IsIn(['hand', 'mail']) deliver?: 'hand' | 'mail';
}
