/**
 * Deterministic JSON: object keys sorted, no whitespace, dates as ISO strings, undefined dropped.
 * Computed once when an event is written and stored as text; verification hashes the stored
 * text, never a re-serialisation of what the driver returns.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (Buffer.isBuffer(value)) {
    return value.toString('base64');
  }
  if (Array.isArray(value)) {
    return value.map((item) => (item === undefined ? null : normalise(item)));
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      const item = (value as Record<string, unknown>)[key];
      if (item !== undefined) {
        out[key] = normalise(item);
      }
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError('canonicalJson: non-finite numbers have no JSON form');
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  return value;
}
