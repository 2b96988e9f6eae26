/** A chart's height for its number of categories, reserved before Chart.js draws in it. */
export function chartHeightRem(categories: number): number {
  return 6 + Math.max(categories, 1) * 3;
}

/** The "show the data as a table" line under each chart. */
export const CHART_TABLE_SUMMARY_REM = 2.5;
