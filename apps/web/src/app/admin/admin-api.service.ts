import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Page, PlatformRole, ResetLinkMailedView, ResetLinkView, UserAdminView, UserListQuery } from '@suivi/contracts';
import { toUserParams } from './user-filters';

/** PATCH /api/users/:id: a role, an organisation or both, with the reason for the audit log. */
export interface UpdateUserRequest {
  role?: PlatformRole;
  organizationId?: string;
  reason: string;
}

export type AccountDecisionKind = 'approve' | 'suspend' | 'reinstate';

/** A reset link goes by mail to the person's own address (the secretariat never sees it), or is shown to hand over. */
export type ResetLinkDelivery = 'mail' | 'hand';

@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  users(query: UserListQuery) {
    return this.http.get<Page<UserAdminView>>('/api/users', { params: new HttpParams({ fromObject: toUserParams(query) }) });
  }

  decide(kind: AccountDecisionKind, id: string, reason: string) {
    return this.http.post<UserAdminView>(`/api/users/${encodeURIComponent(id)}/${kind}`, { reason });
  }

  update(id: string, request: UpdateUserRequest) {
    return this.http.patch<UserAdminView>(`/api/users/${encodeURIComponent(id)}`, request);
  }

  /** A second secretariat account's confirmation at the starting point (no body: the answer is 204). */
  confirm(id: string) {
    return this.http.post<void>(`/api/users/${encodeURIComponent(id)}/confirm`, null);
  }

  resetLink(id: string, deliver: ResetLinkDelivery) {
    return this.http.post<ResetLinkView | ResetLinkMailedView>(`/api/users/${encodeURIComponent(id)}/reset-link`, { deliver });
  }
}
