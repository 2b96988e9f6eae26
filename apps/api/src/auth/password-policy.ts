import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@suivi/contracts';

// zxcvbn-ts's list of ~49,000 passwords most often found in breaches (French ones included).
const COMMON = new Set((dictionary as Record<string, string[]>)['passwords-common'].map((p) => p.toLowerCase()));

/** The reason a password is refused, naming the field, or null when it is acceptable. */
export function passwordProblem(password: string, field = 'password', context: string[] = []): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) {
    return `${field} must be at least ${PASSWORD_MIN_LENGTH} characters long`;
  }
  if (password.length > PASSWORD_MAX_LENGTH) {
    return `${field} must be at most ${PASSWORD_MAX_LENGTH} characters long`;
  }
  const lower = password.toLowerCase();
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[\d!?.]+$/, ''))) {
    return `${field} is too common: choose a less guessable password`;
  }
  if (context.some((word) => word.length >= 4 && lower.includes(word.toLowerCase()))) {
    return `${field} must not contain your email or name`;
  }
  if (new Set(password).size < 4) {
    return `${field} uses too few different characters`;
  }
  return null;
}
