import type { ImportErrorCode, ImportRowError } from '@suivi/contracts';
import { getMetadataStorage, type ValidationError } from 'class-validator';

type Params = ImportRowError['params'];

/** A refused value, before it is placed on a line: the code, its params and the English message. */
export interface Problem {
  code: ImportErrorCode;
  params: Params;
  message: string;
}

/** class-validator constraint → code; the constraint's arguments become the params named here. */
const CONSTRAINTS: Record<string, { code: ImportErrorCode; arg?: string }> = {
  isDefined: { code: 'required' },
  isNotEmpty: { code: 'required' },
  hasSomeLanguage: { code: 'one_language' },
  isIn: { code: 'not_allowed', arg: 'allowed' },
  isDateString: { code: 'date' },
  isUuid: { code: 'uuid' },
  isNumber: { code: 'number' },
  isInt: { code: 'number' },
  min: { code: 'min', arg: 'min' },
  max: { code: 'max', arg: 'max' },
  maxLength: { code: 'too_long', arg: 'max' },
  arrayMaxSize: { code: 'too_many', arg: 'max' },
  arrayUnique: { code: 'duplicates' },
  isUrl: { code: 'url' },
  matches: { code: 'code_format' },
};

/** The arguments a decorator was declared with (IsIn's list, MaxLength's limit), read from class-validator's metadata. */
function constraintArgument(error: ValidationError, name: string): unknown {
  const target = error.target?.constructor;
  if (!target) {
    return undefined;
  }
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((m) => m.propertyName === error.property && (m.name === name || m.type === name));
  return metadata?.constraints?.[0];
}

function paramOf(value: unknown): string | number | undefined {
  if (typeof value === 'number' || typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.join(', ');
  }
  return undefined;
}

/** Every failed constraint of a DTO, with the dotted path of its field (`title.en`, `indicators.0.unit`). */
export function validationProblems(errors: ValidationError[], parent = ''): Array<Problem & { field: string }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([name, text]) => {
      const known = CONSTRAINTS[name];
      const argument = known?.arg ? paramOf(constraintArgument(error, name)) : undefined;
      const message = text.startsWith(error.property) ? text.replace(error.property, field) : `${field}: ${text}`;
      return {
        field,
        code: known?.code ?? 'invalid',
        params: known?.arg && argument !== undefined ? { [known.arg]: argument } : {},
        message,
      };
    });
    return [...own, ...validationProblems(error.children ?? [], field)];
  });
}

/**
 * The services' own refusals (curation, reports), recognised by their wording: these are the
 * messages the API has always sent, so their English stays as it was and the code comes beside it.
 */
const SERVICE_MESSAGES: Array<{ pattern: RegExp; code: ImportErrorCode; params?: (m: RegExpExecArray) => Params }> = [
  { pattern: /must not be before/, code: 'date_order' },
  { pattern: /^dialogueId does not name/, code: 'unknown_dialogue' },
  { pattern: /^(ownerId does not name|supportingIds names) an? (known|unknown) organisation/, code: 'unknown_organisation' },
  { pattern: /^supportingIds must not include the owner/, code: 'owner_supporting' },
  { pattern: /^recommendationIds must name recommendations of the same dialogue/, code: 'recommendation_dialogue' },
  { pattern: /unknown recommendation code (.+) in this dialogue/, code: 'unknown_recommendation_code', params: (m) => ({ codes: m[1] }) },
  { pattern: /^indicators must be a JSON list/, code: 'indicators_json' },
  { pattern: /^(id: no commitment|No commitment|commitment_id must be the id)/, code: 'unknown_commitment' },
];

/** The code of a message that a service (not a DTO) refused a row with; 'other' if this version does not know it. */
export function serviceProblem(message: string, status: number): Problem {
  for (const known of SERVICE_MESSAGES) {
    const match = known.pattern.exec(message);
    if (match) {
      return { code: known.code, params: known.params?.(match) ?? {}, message };
    }
  }
  if (status === 403) {
    return { code: 'forbidden', params: {}, message };
  }
  if (status === 409) {
    return { code: 'conflict', params: {}, message };
  }
  return { code: 'other', params: {}, message };
}
