import type { EntityManager } from 'typeorm';

/**
 * Rows of an UPDATE or DELETE … RETURNING. TypeORM's postgres driver answers those with
 * `[rows, rowCount]` rather than the rows (unlike SELECT and INSERT), which is easy to misread.
 */
export async function changedRows<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const result = (await tx.query(sql, params)) as [T[], number] | T[];
  return Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
}

/** Numbered placeholders for a query assembled from optional filters. */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder ($1, $2…). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}
