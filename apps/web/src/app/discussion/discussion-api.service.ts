import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  FlagInput,
  FlagView,
  MessageAuthor,
  MessageEditInput,
  MessageInput,
  MessagePage,
  MessageView,
  ModerationReason,
  OwnPseudonymView,
  Page,
  RestrictionView,
  SubjectType,
  ThreadFilters,
  ThreadListItem,
  ThreadReadView,
  ThreadView,
} from '@suivi/contracts';
import { threadHttpParams } from './thread-filters';

/** How many messages a page of a thread holds. */
export const MESSAGE_PAGE_SIZE = 30;

const id = (value: string) => encodeURIComponent(value);

/** The discussion routes of the API (threads, messages, flags, thread moderation). */
@Injectable({ providedIn: 'root' })
export class DiscussionApi {
  private readonly http = inject(HttpClient);

  /** The threads about a subject that the reader may read, the public one first. */
  threadsAbout(subjectType: SubjectType, subjectId: string) {
    return this.http.get<ThreadView[]>('/api/threads', { params: { subjectType, subjectId } });
  }

  /** The discussions list: every thread the reader may read, searched and filtered, with their unread counts. */
  channels(filters: ThreadFilters) {
    return this.http.get<Page<ThreadListItem>>('/api/threads', { params: threadHttpParams(filters) });
  }

  /** The reader has seen the thread up to message `upTo`. */
  markRead(threadId: string, upTo: number) {
    return this.http.post<ThreadReadView>(`/api/threads/${id(threadId)}/read`, { upTo });
  }

  /** The pseudonym the reader's next pseudonymous message here will carry (theirs alone). */
  ownPseudonym(threadId: string) {
    return this.http.get<OwnPseudonymView>(`/api/threads/${id(threadId)}/pseudonym`);
  }

  thread(threadId: string) {
    return this.http.get<ThreadView>(`/api/threads/${id(threadId)}`);
  }

  /** The `limit` newest messages before `before` (a message number), or the newest. */
  messages(threadId: string, before: number | null, limit = MESSAGE_PAGE_SIZE) {
    let params = new HttpParams().set('limit', limit);
    if (before !== null) {
      params = params.set('before', before);
    }
    return this.http.get<MessagePage>(`/api/threads/${id(threadId)}/messages`, { params });
  }

  post(threadId: string, input: MessageInput) {
    return this.http.post<MessageView>(`/api/threads/${id(threadId)}/messages`, input);
  }

  edit(messageId: string, input: MessageEditInput) {
    return this.http.patch<MessageView>(`/api/messages/${id(messageId)}`, input);
  }

  remove(messageId: string) {
    return this.http.delete<MessageView>(`/api/messages/${id(messageId)}`);
  }

  flag(messageId: string, input: FlagInput) {
    return this.http.post<FlagView>(`/api/messages/${id(messageId)}/flags`, input);
  }

  /** People already visible in the thread whose name or pseudonym starts like `q`. */
  mentionable(threadId: string, q: string) {
    return this.http.get<MessageAuthor[]>(`/api/threads/${id(threadId)}/mentionable`, { params: { q } });
  }

  hide(messageId: string, input: ModerationReason) {
    return this.http.post<MessageView>(`/api/messages/${id(messageId)}/hide`, input);
  }

  unhide(messageId: string, input: ModerationReason) {
    return this.http.post<MessageView>(`/api/messages/${id(messageId)}/unhide`, input);
  }

  lock(threadId: string, input: ModerationReason) {
    return this.http.post<ThreadView>(`/api/threads/${id(threadId)}/lock`, input);
  }

  unlock(threadId: string, input: ModerationReason) {
    return this.http.post<ThreadView>(`/api/threads/${id(threadId)}/unlock`, input);
  }

  /** The reader's own active restrictions (a mute shows in the composer). */
  restrictions() {
    return this.http.get<RestrictionView[]>('/api/me/restrictions');
  }
}
