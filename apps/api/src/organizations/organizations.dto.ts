import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { STAKEHOLDER_GROUPS, type StakeholderGroup } from '@suivi/contracts';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested, type ValidationArguments, registerDecorator } from 'class-validator';

const trimOrNull = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

export class BilingualNameDto {
  @ApiPropertyOptional() @IsOptional() @Transform(trimOrNull) @IsString() @MaxLength(200) en?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(trimOrNull) @IsString() @MaxLength(200) fr?: string;
}

/** Bilingual text needs at least one of its two languages. */
function HasSomeLanguage() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'hasSomeLanguage',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: { en?: string; fr?: string } | undefined) => Boolean(value?.en || value?.fr),
        defaultMessage: (args: ValidationArguments) => `${args.property} needs its English or French text (or both)`,
      },
    });
}

export class CreateOrganizationDto {
  @ApiProperty({ type: BilingualNameDto })
  @ValidateNested()
  @Type(() => BilingualNameDto)
  @HasSomeLanguage()
  name: BilingualNameDto;

  @ApiPropertyOptional() @IsOptional() @Transform(trimOrNull) @IsString() @MaxLength(30) acronym?: string | null;
  @ApiProperty({ enum: STAKEHOLDER_GROUPS }) @IsIn(STAKEHOLDER_GROUPS) group: StakeholderGroup;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ type: BilingualNameDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => BilingualNameDto)
  @HasSomeLanguage()
  name?: BilingualNameDto;

  @ApiPropertyOptional() @IsOptional() @Transform(trimOrNull) @IsString() @MaxLength(30) acronym?: string | null;
  @ApiPropertyOptional({ enum: STAKEHOLDER_GROUPS }) @IsOptional() @IsIn(STAKEHOLDER_GROUPS) group?: StakeholderGroup;
  @ApiPropertyOptional({ description: 'The version read; a stale one is a 409' }) @IsOptional() @IsInt() @Min(1) version?: number;
}
