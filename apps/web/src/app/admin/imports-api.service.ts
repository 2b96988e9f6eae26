import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ImportCheck, ImportKind, ImportOutcome } from '@suivi/contracts';

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
