import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, registerDecorator, type ValidationArguments } from 'class-validator';

const trimOrUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value);

/** `{ en, fr }` text; blank strings count as missing. */
export function bilingualDto(maxLength: number) {
  class BilingualDto {
    @ApiPropertyOptional() @IsOptional() @Transform(trimOrUndefined) @IsString() @MaxLength(maxLength) en?: string;
    @ApiPropertyOptional() @IsOptional() @Transform(trimOrUndefined) @IsString() @MaxLength(maxLength) fr?: string;
  }
  return BilingualDto;
}

export class ShortText extends bilingualDto(300) {}
export class LongText extends bilingualDto(10_000) {}

/** Bilingual text needs at least one of its two languages. */
export function HasSomeLanguage() {
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
