import type { HttpTestingController } from '@angular/common/http/testing';
import type {
  MessageAuthor,
  MessagePage,
  MessageView,
  ModerationItem,
  OwnPseudonymView,
  SanctionEntry,
  ThreadListItem,
  ThreadReadView,
  ThreadView,
} from '@suivi/contracts';
import { civilOrg, justiceOrg } from './accounts';

// Small factories for discussions: a test says only what matters to it.

export const THREAD_ID = '11111111-1111-4111-8111-111111111111';

export const aminata: MessageAuthor = { kind: 'member', id: 'user-2', name: 'Aminata Traoré', organization: justiceOrg };
export const boubacar: MessageAuthor = { kind: 'member', id: 'user-1', name: 'Boubacar Diarra', organization: justiceOrg };
export const moussa: MessageAuthor = { kind: 'member', id: 'user-3', name: 'Moussa Keïta', organization: civilOrg };
export const baobab: MessageAuthor = { kind: 'pseudonym', pseudonym: 'Baobab 4F2A' };

export function threadView(overrides: Partial<ThreadView> = {}): ThreadView {
  return {
    id: THREAD_ID,
    subjectType: 'commitment',
    subjectId: 'c1',
    dialogueId: 'd1',
    title: { en: 'Operationalise the Specialised Judicial Pole', fr: 'Rendre opérationnel le Pôle judiciaire spécialisé' },
    visibility: 'public',
    locked: false,
    lastSeq: 3,
    messageCount: 3,
    lastMessageAt: '2026-11-30T09:00:00Z',
    createdAt: '2026-11-01T09:00:00Z',
    canPost: true,
    canPostPseudonymously: false,
    ...overrides,
  };
}

export function threadListItem(overrides: Partial<ThreadListItem> = {}): ThreadListItem {
  return { ...threadView(), unread: null, found: null, ...overrides };
}

/**
 * Answers the read marks a thread on screen has reported (`POST /api/threads/:id/read`), for a
 * test about something else; returns the numbers reported, oldest first.
 */
export function answerReadMarks(http: HttpTestingController): number[] {
  return http
    .match((r) => r.method === 'POST' && /^\/api\/threads\/[^/]+\/read$/.test(r.url))
    .map((req) => {
      const upTo = (req.request.body as { upTo: number }).upTo;
      req.flush({ threadId: THREAD_ID, lastReadNumber: upTo, unread: 0 } satisfies ThreadReadView);
      return upTo;
    });
}

/** Answers the composer's questions for the reader's own pseudonym; returns how many there were. */
export function answerOwnPseudonym(http: HttpTestingController, pseudonym = 'Karité 7K3Q'): number {
  const requests = http.match((r) => r.method === 'GET' && /^\/api\/threads\/[^/]+\/pseudonym$/.test(r.url));
  requests.forEach((req) => req.flush({ threadId: THREAD_ID, pseudonym } satisfies OwnPseudonymView));
  return requests.length;
}

/** Message `n` of the thread: its id, number and seq follow from `n` unless said otherwise. */
export function messageView(n: number, overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: `m${n}`,
    threadId: THREAD_ID,
    number: n,
    seq: n,
    author: aminata,
    mine: false,
    body: `Message ${n}`,
    mentions: [],
    replyTo: null,
    state: 'visible',
    hiddenReason: null,
    editedAt: null,
    createdAt: new Date(Date.UTC(2026, 10, 30, 9, n)).toISOString(),
    openFlags: 0,
    ...overrides,
  };
}

export function messagePage(items: MessageView[], hasMore = false, lastSeq = Math.max(0, ...items.map((m) => m.seq))): MessagePage {
  return { items, hasMore, lastSeq };
}

export function moderationItem(overrides: Partial<ModerationItem> = {}): ModerationItem {
  const message = overrides.message ?? messageView(2, { author: baobab, body: 'The informer lives near the **market**', openFlags: 1 });
  return {
    flag: {
      id: 'f1',
      state: 'open',
      reason: 'It points at someone',
      createdAt: '2026-11-30T10:00:00Z',
      resolvedAt: null,
      resolution: null,
    },
    history: [],
    message,
    thread: { id: THREAD_ID, title: threadView().title, visibility: 'public', locked: false, subjectType: 'commitment', subjectId: 'c1' },
    context: [messageView(1), message, messageView(3)],
    ...overrides,
  };
}

export function sanctionEntry(overrides: Partial<SanctionEntry> = {}): SanctionEntry {
  return {
    id: 's1',
    kind: 'mute',
    until: '2099-01-01T10:00:00Z',
    reason: 'Repeated exposure of a clerk',
    createdAt: '2026-11-30T10:00:00Z',
    target: baobab,
    throughPseudonym: true,
    state: 'active',
    thread: { id: THREAD_ID, title: threadView().title },
    messageId: 'm2',
    moderator: { id: 'user-9', name: 'Awa Sidibé' },
    liftedAt: null,
    liftedBy: null,
    liftReason: null,
    liftable: true,
    ...overrides,
  };
}
