import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CommitmentFilters,
  CommitmentInput,
  CommitmentSummary,
  CommitmentView,
  MilestoneInput,
  MilestoneView,
  OrganizationView,
  Page,
  TimelineView,
} from '@suivi/contracts';
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

  create(input: CommitmentInput) {
    return this.http.post<CommitmentView>('/api/commitments', input);
  }

  /** `input.version` is the one read: a stale one answers 409 with the current commitment. */
  update(id: string, input: Partial<CommitmentInput>) {
    return this.http.patch<CommitmentView>(`/api/commitments/${encodeURIComponent(id)}`, input);
  }

  timeline(id: string) {
    return this.http.get<TimelineView>(`/api/commitments/${encodeURIComponent(id)}/timeline`);
  }

  addMilestone(commitmentId: string, input: MilestoneInput) {
    return this.http.post<MilestoneView>(`/api/commitments/${encodeURIComponent(commitmentId)}/milestones`, input);
  }

  /** `input.version` is the one read: a stale one answers 409 with the current milestone. */
  updateMilestone(id: string, input: MilestoneInput) {
    return this.http.patch<MilestoneView>(`/api/milestones/${encodeURIComponent(id)}`, input);
  }

  organizations() {
    return this.http.get<OrganizationView[]>('/api/organizations');
  }
}
