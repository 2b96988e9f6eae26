import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { FocalPointsInput, FocalPointsView, OrganizationInput, OrganizationView } from '@suivi/contracts';

@Injectable({ providedIn: 'root' })
export class OrganizationsApi {
  private readonly http = inject(HttpClient);

  list() {
    return this.http.get<OrganizationView[]>('/api/organizations');
  }

  create(input: OrganizationInput) {
    return this.http.post<OrganizationView>('/api/organizations', input);
  }

  /** `version` is the one read: the API answers 409 if someone changed the organisation since. */
  update(id: string, input: OrganizationInput & { version?: number }) {
    return this.http.patch<OrganizationView>(`/api/organizations/${encodeURIComponent(id)}`, input);
  }

  /** Who receives the organisation's requests: for its members and the secretariat only. */
  focalPoints(id: string) {
    return this.http.get<FocalPointsView>(`/api/organizations/${encodeURIComponent(id)}/focal-points`);
  }

  setFocalPoints(id: string, input: FocalPointsInput) {
    return this.http.put<FocalPointsView>(`/api/organizations/${encodeURIComponent(id)}/focal-points`, input);
  }
}
