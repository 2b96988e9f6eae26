import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AccountabilityReportView, DialogueInput, DialogueView, RecommendationView } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class DialoguesApi {
  private readonly http = inject(HttpClient);

  list() {
    return this.http.get<DialogueView[]>('/api/dialogues');
  }

  get(id: string) {
    return this.http.get<DialogueView>(`/api/dialogues/${encodeURIComponent(id)}`);
  }

  create(input: DialogueInput) {
    return this.http.post<DialogueView>('/api/dialogues', input);
  }

  /** `input.version` is the one read: a stale one answers 409 with the current dialogue. */
  update(id: string, input: DialogueInput) {
    return this.http.patch<DialogueView>(`/api/dialogues/${encodeURIComponent(id)}`, input);
  }

  recommendations(dialogueId: string) {
    return this.http.get<RecommendationView[]>('/api/recommendations', { params: { dialogueId } });
  }

  report(id: string) {
    return this.http.get<AccountabilityReportView>(`/api/dialogues/${encodeURIComponent(id)}/report`);
  }
}
