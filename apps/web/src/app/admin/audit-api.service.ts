import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { AUDIT_VERIFY_PATH, type AuditEventView, type AuditVerifyView, type CheckpointView } from '@suivi/contracts';

/** Events per page of the secretariat's list, newest first. */
export const AUDIT_PAGE_SIZE = 50;

/** The accountability record as the secretariat reads and tends it: the chain's state, checkpoints, events, purges. */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  verify() {
    return this.http.get<AuditVerifyView>(AUDIT_VERIFY_PATH);
  }

  checkpoints() {
    return this.http.get<CheckpointView[]>('/api/audit/checkpoints');
  }

  /** 409 `chain_broken` while the latest full verification failed. */
  publishCheckpoint() {
    return this.http.post<CheckpointView>('/api/audit/checkpoints', {});
  }

  /** The newest events, or those before `before` (a seq). */
  events(before: number | null) {
    return this.http.get<AuditEventView[]>('/api/audit', {
      params: before === null ? { limit: AUDIT_PAGE_SIZE } : { before, limit: AUDIT_PAGE_SIZE },
    });
  }

  purge(seq: number, reason: string) {
    return this.http.post<AuditEventView>(`/api/audit/${seq}/purge`, { reason });
  }
}
