import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { OrganizationInput, OrganizationView } from '@suivi/contracts';

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
}
