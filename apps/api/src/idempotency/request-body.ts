import { createHash } from 'node:crypto';

import { canonicalJson } from '../common/canonical-json';

const BODY = Symbol('idempotent body');

/**
 * What a request asked for, as the key's body digest: the path's parameters, the query and the
 * body, as the audit chain's canonical JSON (keys sorted). Two copies of one request give the same digest.
 */
export function requestDigest(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * A multipart route states what its body was once it has read it (the interceptor runs before the
 * parts are read): the fields, and each file's sha256 rather than its bytes.
 */
export function stateIdempotentBody(request: object, body: unknown): void {
  (request as Record<symbol, unknown>)[BODY] = body;
}

export function statedIdempotentBody(request: object): { stated: boolean; body: unknown } {
  const record = request as Record<symbol, unknown>;
  return { stated: BODY in record, body: record[BODY] };
}
