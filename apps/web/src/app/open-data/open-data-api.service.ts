import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { AUDIT_VERIFY_PATH, type AuditVerifyView, type CheckpointView, OPEN_DATA_INFO_PATH, type OpenDataInfoView } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class OpenDataApi {
  private readonly http = inject(HttpClient);

  /** The latest export's size, head and date; 503 `export_not_ready` before the first. */
  info() {
    return this.http.get<OpenDataInfoView>(OPEN_DATA_INFO_PATH);
  }

  verify() {
    return this.http.get<AuditVerifyView>(AUDIT_VERIFY_PATH);
  }

  checkpoints() {
    return this.http.get<CheckpointView[]>('/api/audit/checkpoints');
  }
}
