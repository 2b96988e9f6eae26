import { createHash } from 'node:crypto';

const BODY = Symbol('idempotent body');

/**
 * What a request asked for, as the key's body digest: the path's parameters, the query and the
 * body, with object keys in a stable order. Two copies of one request give the same digest.
 */
export function requestDigest(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex');
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

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map(stableJson).join(',')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
