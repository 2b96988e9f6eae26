import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { ReportInput, ReportView, TranslationInput, VerificationInput } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class ReportsApi {
  private readonly http = inject(HttpClient);

  create(commitmentId: string, input: ReportInput) {
    return this.http.post<ReportView>(`/api/commitments/${encodeURIComponent(commitmentId)}/reports`, input);
  }

  verify(reportId: string, input: VerificationInput) {
    return this.http.post<ReportView>(`/api/reports/${encodeURIComponent(reportId)}/verify`, input);
  }

  translate(reportId: string, input: TranslationInput) {
    return this.http.post<ReportView>(`/api/reports/${encodeURIComponent(reportId)}/translation`, input);
  }
}
