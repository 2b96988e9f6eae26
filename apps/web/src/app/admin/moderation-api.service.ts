import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  FlagResolution,
  FlagState,
  ModerationItem,
  ModerationQueuePage,
  Page,
  SanctionEntry,
  SanctionFilter,
  SanctionInput,
  SanctionView,
} from '@suivi/contracts';

/** The secretariat's moderation routes: the queue of flags, their resolution, and sanctions. */
@Injectable({ providedIn: 'root' })
export class ModerationApi {
  private readonly http = inject(HttpClient);

  flags(state: FlagState, page: number) {
    return this.http.get<ModerationQueuePage>('/api/moderation/flags', { params: { state, page } });
  }

  resolve(flagId: string, resolution: FlagResolution) {
    return this.http.post<ModerationItem>(`/api/moderation/flags/${encodeURIComponent(flagId)}/resolve`, resolution);
  }

  sanction(messageId: string, input: SanctionInput) {
    return this.http.post<SanctionView>(`/api/messages/${encodeURIComponent(messageId)}/sanction`, input);
  }

  /** `null`: every sanction, in force or not. */
  sanctions(state: SanctionFilter | null, page: number) {
    return this.http.get<Page<SanctionEntry>>('/api/moderation/sanctions', { params: state ? { state, page } : { page } });
  }

  lift(sanctionId: string, reason: string) {
    return this.http.post<SanctionEntry>(`/api/moderation/sanctions/${encodeURIComponent(sanctionId)}/lift`, { reason });
  }
}
