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
