import { HttpErrorResponse } from '@angular/common/http';
import { type ApiError, ERROR_CODES, type ErrorCode, type ErrorParams, type Problem, isErrorCode, isProblemCode } from '@suivi/contracts';

/** The HTTP status behind a resource error, which Angular may wrap in an Error with a `cause`. */
export function httpStatus(error: unknown): number | null {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    const status = (e as { status?: unknown }).status;
    if (typeof status === 'number') {
      return status;
    }
  }
  return null;
}

/** Unknown ids answer 404; a malformed id in the URL answers 400: both mean "no such page". */
export function isNotFound(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 404 || status === 400;
}

/**
 * A refused request as the API's error vocabulary says it (libs/contracts errors.ts): its code
 * and params, and the fields it names. A body without a known code (a proxy's page, an older
 * server) reads as the plain code of its status, so a screen always has words for it.
 */
export interface RequestError {
  status: number;
  code: ErrorCode;
  params: ErrorParams;
  problems: Problem[];
}

/** What each status means when the body does not say. */
const STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'invalid_input',
  401: 'not_signed_in',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'unavailable',
};

/** The refusal in an HTTP error; null for anything else, and for no answer at all (status 0). */
export function requestError(error: unknown): RequestError | null {
  if (!(error instanceof HttpErrorResponse) || error.status === 0) {
    return null;
  }
  const body = (error.error && typeof error.error === 'object' ? error.error : {}) as Partial<ApiError>;
  const known = isErrorCode(body.code) && ERROR_CODES[body.code].status === error.status;
  const params = known && body.params && typeof body.params === 'object' ? body.params : {};
  const problems = Array.isArray(body.problems)
    ? body.problems.filter((p) => p && typeof p.field === 'string' && isProblemCode(p.code)).map((p) => ({ ...p, params: p.params ?? {} }))
    : [];
  return {
    status: error.status,
    code: known ? (body.code as ErrorCode) : (STATUS_CODES[error.status] ?? 'server_error'),
    params,
    problems,
  };
}

/** The code of a refused request; null when there was no answer. */
export function errorCode(error: unknown): ErrorCode | null {
  return requestError(error)?.code ?? null;
}

/**
 * Seconds to wait before trying again: the body's `retryAfter`, else the Retry-After header
 * (seconds or an HTTP date); null when neither says.
 */
export function retryAfterSeconds(error: unknown, now = Date.now()): number | null {
  if (!(error instanceof HttpErrorResponse)) {
    return null;
  }
  const fromBody = requestError(error)?.params['retryAfter'];
  if (typeof fromBody === 'number' && Number.isFinite(fromBody) && fromBody >= 0) {
    return Math.ceil(fromBody);
  }
  const raw = error.headers?.get('Retry-After')?.trim();
  if (!raw) {
    return null;
  }
  if (/^\d+$/.test(raw)) {
    return Number(raw);
  }
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - now) / 1000));
}
