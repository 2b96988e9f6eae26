import { ERROR_CODES, type ErrorParams, type ImportErrorCode } from '@suivi/contracts';

import { DomainError } from '../common/domain-error';

/** A refused value, before it is placed on a line: the code, its params and the English message. */
export interface Problem {
  code: ImportErrorCode;
  params: ErrorParams;
  message: string;
  /** The DTO field it names, when it names one (`title.en`). */
  field?: string;
}

/**
 * What a service's refusal of a row says, as the row's problems: the refusal's own field problems
 * when it has them (a 400, a code already used), else its code read as the row's (no such
 * commitment, not allowed, a conflict). Null for anything that is not a refusal (a failure to
 * write), which the caller reports as such. Nothing is read from the English message.
 */
export function refusalProblems(error: unknown): Problem[] | null {
  if (!(error instanceof DomainError) || ERROR_CODES[error.code].status >= 500) {
    return null;
  }
  const lines = [error.messages].flat();
  if (error.problems?.length) {
    return error.problems.map((p, i) => ({ code: p.code, params: p.params, message: lines[i] ?? lines[0], field: p.field }));
  }
  const status = ERROR_CODES[error.code].status;
  const message = lines[0];
  if (error.code === 'not_found') {
    return [{ code: 'unknown_commitment', params: {}, message, field: 'commitment_id' }];
  }
  if (status === 403 || status === 401) {
    return [{ code: 'forbidden', params: {}, message, field: 'commitment_id' }];
  }
  return [{ code: status === 409 ? 'conflict' : 'other', params: {}, message }];
}
