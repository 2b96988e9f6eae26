import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { RoundInput, RoundPatch, RoundSummary, RoundView } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class RoundsApi {
  private readonly http = inject(HttpClient);

  /** A dialogue's rounds, newest first. */
  list(dialogueId: string) {
    return this.http.get<RoundSummary[]>(`/api/dialogues/${encodeURIComponent(dialogueId)}/rounds`);
  }

  get(id: string) {
    return this.http.get<RoundView>(`/api/rounds/${encodeURIComponent(id)}`);
  }

  /** Opens at once when `opensOn` is today or earlier; planned otherwise. */
  create(dialogueId: string, input: RoundInput) {
    return this.http.post<RoundView>(`/api/dialogues/${encodeURIComponent(dialogueId)}/rounds`, input);
  }

  /** `patch.version` is the one read: a stale one answers 409 with the current round. */
  update(id: string, patch: RoundPatch) {
    return this.http.patch<RoundView>(`/api/rounds/${encodeURIComponent(id)}`, patch);
  }

  close(id: string) {
    return this.http.post<RoundView>(`/api/rounds/${encodeURIComponent(id)}/close`, {});
  }
}
