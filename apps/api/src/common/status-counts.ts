import { PROGRESS_STATUSES, type ProgressStatus, type StatusCounts } from '@suivi/contracts';

/** Counts of commitments by status, as the dashboard and the recommendations sum them (no SQL here). */
export function emptyCounts(): StatusCounts {
  return Object.fromEntries(PROGRESS_STATUSES.map((s) => [s, 0])) as StatusCounts;
}

/** Rows of (key, status, n) into one StatusCounts per key. */
export function countsBy<K extends string>(rows: Array<{ key: K; status: ProgressStatus; n: number | string }>): Map<K, StatusCounts> {
  const out = new Map<K, StatusCounts>();
  for (const row of rows) {
    const counts = out.get(row.key) ?? emptyCounts();
    counts[row.status] += Number(row.n);
    out.set(row.key, counts);
  }
  return out;
}

export function total(counts: StatusCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
