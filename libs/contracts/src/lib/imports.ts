import { PROBLEM_CODES, type ProblemCode } from './errors';

// CSV imports (POST /api/imports/commitments and /api/imports/progress): the answers of a dry run
// and of an import. Each refused row carries a stable `code` with its `params`, so that a screen can
// say it in the reader's language; `message` is the same in English, for scripts and logs.

export const IMPORT_KINDS = ['commitments', 'progress'] as const;
/** Rows a file may hold: a larger one is refused whole (split it). */
export const IMPORT_MAX_ROWS = 5_000;
/** A real import commits this many rows at a time, so it never holds the platform's writes for long. */
export const IMPORT_BATCH_ROWS = 200;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Problems of the file as a whole. */
export const IMPORT_FILE_CODES = ['csv_invalid', 'column_unknown', 'column_missing', 'no_rows'] as const;

/**
 * A row's problem: the file's, a cell's (the same codes as a form field's, PROBLEM_CODES), a
 * refusal of the row as a whole, or 'other' for a reason this version does not name (`message`
 * says it in English).
 */
export const IMPORT_ERROR_CODES = [
  ...IMPORT_FILE_CODES,
  ...(Object.keys(PROBLEM_CODES) as ProblemCode[]),
  'forbidden',
  'conflict',
  'other',
] as const;
export type ImportErrorCode = (typeof IMPORT_FILE_CODES)[number] | ProblemCode | 'forbidden' | 'conflict' | 'other';

/** One problem of the file: its line (the header is line 1), the column, and why. */
export interface ImportRowError {
  line: number;
  /** The CSV column; empty for a problem of the whole file. */
  column: string;
  code: ImportErrorCode;
  /** What the code's text needs: the column, a limit, the allowed values, the unknown codes. */
  params: Record<string, string | number>;
  /** The same, in English. */
  message: string;
}

/** The answer to a dry run; an import of an invalid file is a 400 whose body carries the same `rows` and `errors`. */
export interface ImportCheck {
  valid: boolean;
  rows: number;
  errors: ImportRowError[];
}

/** The answer to an import of a valid file (201). */
export interface ImportOutcome extends ImportCheck {
  created: number;
  /** Commitments imports: rows that named an existing commitment and changed it. */
  updated?: number;
  /** Rows already recorded: a re-imported export, or a file sent again after an import was cut short. */
  unchanged?: number;
}

/**
 * The body of a 409 when a real import stopped part-way (a batch failed as it was written, for a
 * reason the check before it could not see: someone else's edit, a right withdrawn meanwhile).
 * The batches before it are written; sending the same file again completes it, because rows
 * already written are recognised and left alone.
 */
export interface ImportIncomplete extends ImportOutcome {
  code: 'import_incomplete';
  /** The lines written (the header is line 1), first and last; null when nothing was. */
  written: { from: number; to: number } | null;
  /** The first line not written. */
  firstNotWritten: number;
  /** Why that batch failed, on its line. */
  reason: ImportRowError;
}
