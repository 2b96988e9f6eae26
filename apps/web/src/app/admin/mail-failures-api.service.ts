import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { MailFailurePage } from '@suivi/contracts';

/** Mails that could not be delivered, newest attempt first (the secretariat's). */
@Injectable({ providedIn: 'root' })
export class MailFailuresApi {
  private readonly http = inject(HttpClient);

  list(page: number) {
    return this.http.get<MailFailurePage>('/api/mail/failures', { params: page > 1 ? { page } : {} });
  }
}
