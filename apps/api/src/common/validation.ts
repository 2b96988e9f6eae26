import { ValidationError, ValidationPipe, type ArgumentMetadata, type PipeTransform, type Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { posesAsPseudonym } from '@suivi/contracts';
import { validate, ValidateBy } from 'class-validator';

import { DomainError, invalidField, invalidFields } from './domain-error';
import { validationProblems } from './validation-problems';

/** A DTO's failures as one 400: a line of `message` and a problem per failed constraint. */
export function validationError(errors: ValidationError[]): DomainError {
  return invalidFields(validationProblems(errors));
}

/** A query's 'true'/'false' become booleans; anything else stays as given so validation names it. */
export const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Unknown fields are refused rather than silently dropped, so nothing a user sent is lost unseen. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    // The problems' params (a list's values, a length's bound) are read from the failed instance.
    validationError: { target: true, value: true },
    exceptionFactory: (errors) => validationError(errors),
  });
}

/**
 * A display name must not read as a pseudonym, or its holder could pass for one: in the thread,
 * and in the mention suggestions that reach the person behind it (DESIGN.md, "Safe participation").
 */
export const IsNotPseudonymForm = () =>
  ValidateBy({
    name: 'isNotPseudonymForm',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !posesAsPseudonym(value),
      defaultMessage: () => '$property must not read like a pseudonym (a word and a four-character code, such as "Karité 7K3Q")',
    },
  });

/** The pipe's rules, for a body that did not arrive as plain JSON (a multipart field). */
export async function validateDto<T extends object>(type: Type<T>, value: unknown): Promise<T> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidField('body', 'not_an_object', 'body must be a JSON object');
  }
  const instance = plainToInstance(type, value);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    throw validationError(errors);
  }
  return instance;
}

/**
 * A path segment that must be a whole number of 1 or more (a sequence number): the 400 names the
 * parameter, and a number past 2^53 (ParseIntPipe takes `99999999999999999999`) never reaches a
 * bigint parameter, which would refuse it with a 500.
 */
export class ParseSequencePipe implements PipeTransform<string, number> {
  transform(value: string, metadata: ArgumentMetadata): number {
    const n = /^[0-9]{1,16}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      const field = metadata.data ?? 'parameter';
      throw invalidField(field, 'min', `${field} must be a whole number of 1 or more`, { min: 1 });
    }
    return n;
  }
}
