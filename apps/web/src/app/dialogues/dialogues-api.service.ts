import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AccountabilityReportView, DialogueView, RecommendationView } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class DialoguesApi {
  private readonly http = inject(HttpClient);

  list() {
    return this.http.get<DialogueView[]>('/api/dialogues');
  }

  get(id: string) {
    return this.http.get<DialogueView>(`/api/dialogues/${encodeURIComponent(id)}`);
  }

  recommendations(dialogueId: string) {
    return this.http.get<RecommendationView[]>('/api/recommendations', { params: { dialogueId } });
  }

  report(id: string) {
    return this.http.get<AccountabilityReportView>(`/api/dialogues/${encodeURIComponent(id)}/report`);
  }
}
