import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { RecommendationDetailView } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class RecommendationsApi {
  private readonly http = inject(HttpClient);

  get(id: string) {
    return this.http.get<RecommendationDetailView>(`/api/recommendations/${encodeURIComponent(id)}`);
  }
}
