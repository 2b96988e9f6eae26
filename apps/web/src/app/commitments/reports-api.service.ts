import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ReportInput, ReportView, TranslationInput, VerificationInput } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  create(commitmentId: string, input: ReportInput) {
    return this.http.post<ReportView>(`/api/commitments/${encodeURIComponent(commitmentId)}/reports`, input);
  }

  /**
   * The report with evidence files, as multipart: the report as JSON in `report`, each file in
   * `evidence`. Its events carry the upload's progress, then the answer.
   */
  createWithEvidence(commitmentId: string, input: ReportInput, files: readonly File[]) {
    const body = new FormData();
    body.append('report', JSON.stringify(input));
    for (const file of files) {
      body.append('evidence', file, file.name);
    }
    return this.http.post<ReportView>(`/api/commitments/${encodeURIComponent(commitmentId)}/reports`, body, {
      reportProgress: true,
      observe: 'events',
    });
  }

  verify(reportId: string, input: VerificationInput) {
    return this.http.post<ReportView>(`/api/reports/${encodeURIComponent(reportId)}/verify`, input);
  }

  translate(reportId: string, input: TranslationInput) {
    return this.http.post<ReportView>(`/api/reports/${encodeURIComponent(reportId)}/translation`, input);
  }
}
