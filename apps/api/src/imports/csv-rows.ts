import { parse } from 'csv-parse/sync';

import type { ImportRowError } from '@suivi/contracts';

import { restoreCell } from '../common/csv';

export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

/** Parses an uploaded CSV (with or without BOM), undoing the export's formula neutralising. */
export function readCsv(text: string, known: readonly string[], required: readonly string[]): { rows: CsvRow[]; errors: ImportRowError[] } {
  let records: Array<{ record: Record<string, string>; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      columns: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
      trim: false,
    }) as typeof records;
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return {
      rows: [],
      errors: [{ line: e.lines ?? 1, column: '', code: 'csv_invalid', params: {}, message: `the file is not valid CSV: ${e.message}` }],
    };
  }
  const header = records.length ? Object.keys(records[0].record) : [];
  const errors: ImportRowError[] = [];
  for (const column of header.filter((c) => !known.includes(c))) {
    errors.push({ line: 1, column, code: 'column_unknown', params: { column }, message: `unknown column ${column}` });
  }
  for (const column of required.filter((c) => !header.includes(c))) {
    errors.push({ line: 1, column, code: 'column_missing', params: { column }, message: `the column ${column} is missing` });
  }
  const rows = records.map(({ record, info }) => ({
    line: info.lines,
    cells: Object.fromEntries(Object.entries(record).map(([k, v]) => [k, restoreCell(v)])),
  }));
  if (!rows.length) {
    errors.push({ line: 1, column: '', code: 'no_rows', params: {}, message: 'the file has no rows' });
  }
  return { rows, errors };
}

export const list = (value: string | undefined, separator = ';') =>
  (value ?? '')
    .split(separator)
    .map((v) => v.trim())
    .filter(Boolean);

export const optional = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value.trim());
