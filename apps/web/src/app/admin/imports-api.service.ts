import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';

export const IMPORT_KINDS = ['commitments', 'progress'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** One row the API refused: its line in the file, the column, and why. */
export interface ImportRowError {
  line: number;
  column: string | number | null;
  message: string;
}

/** The answer to a dry run; a 400 carries the same `errors` in its body. */
export interface ImportCheck {
  valid: boolean;
  rows: number;
  errors: ImportRowError[];
}

export interface ImportOutcome {
  created: number;
  updated?: number;
  unchanged?: number;
}

/** The CSV exports double as templates: their columns are the ones an import reads. */
export const IMPORT_TEMPLATES: Record<ImportKind, string> = {
  commitments: '/api/commitments/export.csv',
  progress: '/api/reports/export.csv',
};

const CSV = new HttpHeaders({ 'Content-Type': 'text/csv; charset=utf-8' });

@Injectable({ providedIn: 'root' })
export class ImportsApi {
  private readonly http = inject(HttpClient);

  check(kind: ImportKind, csv: string) {
    return this.http.post<ImportCheck>(`/api/imports/${kind}`, csv, { headers: CSV, params: { dryRun: 'true' } });
  }

  import(kind: ImportKind, csv: string) {
    return this.http.post<ImportOutcome>(`/api/imports/${kind}`, csv, { headers: CSV });
  }
}
