import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@suivi/contracts';

import type { FieldProblem } from '../common/validation-problems';

// zxcvbn-ts's list of ~49,000 passwords most often found in breaches (French ones included).
const COMMON = new Set((dictionary as Record<string, string[]>)['passwords-common'].map((p) => p.toLowerCase()));

/** Why a password is refused, as a problem of the field that holds it, or null when it is acceptable. */
export function passwordProblem(password: string, field = 'password', context: string[] = []): FieldProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return {
      field,
      code: 'password_short',
      params: { min: PASSWORD_MIN_LENGTH },
      message: `${field} must be at least ${PASSWORD_MIN_LENGTH} characters long`,
    };
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return {
      field,
      code: 'too_long',
      params: { max: PASSWORD_MAX_LENGTH },
      message: `${field} must be at most ${PASSWORD_MAX_LENGTH} characters long`,
    };
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[\d!?.]+$/, ''))) {
    return { field, code: 'password_common', params: {}, message: `${field} is too common: choose a less guessable password` };
  }
  if (context.some((word) => word.length >= 4 && lower.includes(word.toLowerCase()))) {
    return { field, code: 'password_personal', params: {}, message: `${field} must not contain your email or name` };
  }
  if (new Set(password).size < 4) {
    return { field, code: 'password_variety', params: {}, message: `${field} uses too few different characters` };
  }
  return null;
}
