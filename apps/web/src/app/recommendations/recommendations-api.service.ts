import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { RecommendationDetailView, RecommendationInput } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class RecommendationsApi {
  private readonly http = inject(HttpClient);

  get(id: string) {
    return this.http.get<RecommendationDetailView>(`/api/recommendations/${encodeURIComponent(id)}`);
  }

  create(input: RecommendationInput) {
    return this.http.post<RecommendationDetailView>('/api/recommendations', input);
  }

  /** The code and the dialogue stay as created; `version` is the one read (stale: 409 with the current one). */
  update(id: string, input: Omit<RecommendationInput, 'dialogueId' | 'code'>) {
    return this.http.patch<RecommendationDetailView>(`/api/recommendations/${encodeURIComponent(id)}`, input);
  }
}
