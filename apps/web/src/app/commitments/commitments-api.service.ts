import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CommitmentFilters, CommitmentSummary, CommitmentView, OrganizationView, Page, TimelineView } from '@suivi/contracts';
import { toHttpParams } from './commitment-filters';

@Injectable({ providedIn: 'root' })
export class CommitmentsApi {
  private readonly http = inject(HttpClient);

  list(filters: CommitmentFilters) {
    return this.http.get<Page<CommitmentSummary>>('/api/commitments', { params: toHttpParams(filters) });
  }

  get(id: string) {
    return this.http.get<CommitmentView>(`/api/commitments/${encodeURIComponent(id)}`);
  }

  timeline(id: string) {
    return this.http.get<TimelineView>(`/api/commitments/${encodeURIComponent(id)}/timeline`);
  }

  organizations() {
    return this.http.get<OrganizationView[]>('/api/organizations');
  }
}
