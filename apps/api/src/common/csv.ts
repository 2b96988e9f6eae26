import { stringify } from 'csv-stringify/sync';

/** Cells a spreadsheet would read as a formula: =, +, -, @, a tab or a carriage return first. */
const FORMULA = /^'*[=+\-@\t\r]/;

/**
 * Neutralises a text cell for spreadsheets by prefixing an apostrophe. Apostrophes already in
 * front of a trigger get one more, so `restoreCell` undoes exactly what was added.
 */
export function neutraliseCell(value: string): string {
  return FORMULA.test(value) ? `'${value}` : value;
}

export function restoreCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

export type Cell = string | number | boolean | null | undefined;

/** UTF-8 with a byte-order mark, so spreadsheet programs show French accents correctly. */
export function toCsv(header: string[], rows: Cell[][]): string {
  const body = stringify(
    rows.map((row) => row.map((cell) => (typeof cell === 'string' ? neutraliseCell(cell) : (cell ?? '')))),
    { header: true, columns: header, record_delimiter: '\r\n', quoted_match: /[\n\r",;]/ },
  );
  return `\uFEFF${body}`;
}

export const joinList = (values: readonly string[] | null | undefined) => (values ?? []).join(';');
