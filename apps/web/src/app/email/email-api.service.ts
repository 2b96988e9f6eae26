import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { EmailPreferencesView, UnsubscribePreview, UnsubscribeResult, UpdateEmailPreferencesRequest } from '@suivi/contracts';

/** One's own mail: the cadence per category on the account page, and a mail's unsubscribe link. */
@Injectable({ providedIn: 'root' })
export class EmailApi {
  private readonly http = inject(HttpClient);

  preferences() {
    return this.http.get<EmailPreferencesView>('/api/me/email-preferences');
  }

  /** Only the categories given change; the answer is every category as saved. */
  updatePreferences(request: UpdateEmailPreferencesRequest) {
    return this.http.put<EmailPreferencesView>('/api/me/email-preferences', request);
  }

  /** What the link would change, without a session; changes nothing. 400 `link_invalid` on `token`. */
  unsubscribePreview(token: string) {
    return this.http.get<UnsubscribePreview>('/api/email/unsubscribe', { params: { token } });
  }

  unsubscribe(token: string) {
    return this.http.post<UnsubscribeResult>('/api/email/unsubscribe', null, { params: { token } });
  }
}
