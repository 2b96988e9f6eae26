import type { ErrorParams, Problem, ProblemCode } from '@suivi/contracts';
import { getMetadataStorage, type ValidationError } from 'class-validator';

/**
 * class-validator constraint → problem code; the named argument of the decorator (IsIn's list,
 * MaxLength's limit) becomes the param. A constraint missing here answers 'invalid': a unit test
 * lists every constraint the DTOs declare and fails on one this map does not know.
 */
export const CONSTRAINT_CODES: Record<string, { code: ProblemCode; arg?: string }> = {
  isDefined: { code: 'required' },
  isNotEmpty: { code: 'required' },
  hasSomeLanguage: { code: 'one_language' },
  isIn: { code: 'not_allowed', arg: 'allowed' },
  isEnum: { code: 'not_allowed', arg: 'allowed' },
  isDateString: { code: 'date' },
  isIso8601: { code: 'date' },
  isUuid: { code: 'uuid' },
  isNumber: { code: 'number' },
  isInt: { code: 'number' },
  min: { code: 'min', arg: 'min' },
  max: { code: 'max', arg: 'max' },
  maxLength: { code: 'too_long', arg: 'max' },
  minLength: { code: 'too_short', arg: 'min' },
  arrayMaxSize: { code: 'too_many', arg: 'max' },
  arrayMinSize: { code: 'too_few', arg: 'min' },
  arrayUnique: { code: 'duplicates' },
  isUrl: { code: 'url' },
  isEmail: { code: 'email' },
  matches: { code: 'code_format' },
  isString: { code: 'not_text' },
  isBoolean: { code: 'not_boolean' },
  isArray: { code: 'not_a_list' },
  isObject: { code: 'not_an_object' },
  nestedValidation: { code: 'not_an_object' },
  whitelistValidation: { code: 'unknown_field' },
  isNotPseudonymForm: { code: 'pseudonym_form' },
  // isLength is too_short or too_long depending on the value: see lengthProblem.
};

/** A refused value: the code, its params and the English message (the one the API always sent). */
export interface FieldProblem extends Problem {
  message: string;
}

/** The arguments a decorator was declared with (IsIn's list, MaxLength's limit), read from class-validator's metadata. */
function constraintArguments(error: ValidationError, name: string): unknown[] {
  const target = error.target?.constructor;
  if (!target) {
    return [];
  }
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name === name || m.type === name));
  return metadata?.constraints ?? [];
}

function paramOf(value: unknown): string | number | undefined {
  if (typeof value === 'number' || typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.join(', ');
  }
  if (value && typeof value === 'object') {
    // An enum object (IsEnum): its values.
    return Object.values(value).join(', ');
  }
  return undefined;
}

function lengthProblem(error: ValidationError): { code: ProblemCode; params: ErrorParams } {
  const [min, max] = constraintArguments(error, 'isLength') as [number | undefined, number | undefined];
  const length = typeof error.value === 'string' ? error.value.length : 0;
  return max !== undefined && length > max ? { code: 'too_long', params: { max } } : { code: 'too_short', params: { min: min ?? 0 } };
}

function codeOf(error: ValidationError, constraint: string): { code: ProblemCode; params: ErrorParams } {
  if (constraint === 'isLength') {
    return lengthProblem(error);
  }
  const known = CONSTRAINT_CODES[constraint];
  if (!known) {
    return { code: 'invalid', params: {} };
  }
  const argument = known.arg ? paramOf(constraintArguments(error, constraint)[0]) : undefined;
  return { code: known.code, params: known.arg && argument !== undefined ? { [known.arg]: argument } : {} };
}

/** Every failed constraint of a DTO, with the dotted path of its field (`title.en`, `indicators.0.unit`). */
export function validationProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([name, text]) => ({
      field,
      ...codeOf(error, name),
      // Messages name the field, including nested ones.
      message: text.startsWith(error.property) ? text.replace(error.property, field) : `${field}: ${text}`,
    }));
    return [...own, ...validationProblems(error.children ?? [], field)];
  });
}
