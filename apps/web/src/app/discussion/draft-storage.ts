import { DOCUMENT, Injectable, inject } from '@angular/core';
import type { MessageAuthor } from '@suivi/contracts';

import { DRAFT_KEY_PREFIX } from '../core/device-drafts';

export { DRAFT_KEY_PREFIX };
/** A draft older than this is not offered again: the conversation has moved on. */
export const DRAFT_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

export interface Draft {
  body: string;
  replyToId: string | null;
  pseudonymous: boolean;
  /** People picked from the suggestions: sent as mentions if their `@label` is still in the text. */
  mentions: MessageAuthor[];
  savedAt: number;
}

/**
 * What someone is writing in a thread, kept on the device so that leaving the page, a reload or
 * a lost connection never loses it. Keyed by person and thread: two people sharing a browser do
 * not see each other's drafts.
 */
@Injectable({ providedIn: 'root' })
export class DraftStorage {
  private readonly storage = storageOf(inject(DOCUMENT));

  load(userId: string, threadId: string, now = Date.now()): Draft | null {
    const raw = this.read(key(userId, threadId));
    const draft = raw ? parseDraft(raw) : null;
    if (!draft || now - draft.savedAt > DRAFT_MAX_AGE_MS) {
      return null;
    }
    return draft;
  }

  /**
   * A draft being written keeps the state of its pseudonym box. An empty one is removed, whatever
   * its box said: a ticked box alone would tell whoever holds the device that this person writes
   * under a pseudonym here (security review, finding 18).
   */
  save(userId: string, threadId: string, draft: Omit<Draft, 'savedAt'>, now = Date.now()): void {
    if (!draft.body.trim() && !draft.replyToId) {
      this.clear(userId, threadId);
      return;
    }
    try {
      this.storage?.setItem(key(userId, threadId), JSON.stringify({ ...draft, savedAt: now }));
    } catch {
      // Storage full or disabled (private browsing): the draft then lives as long as the page.
    }
  }

  clear(userId: string, threadId: string): void {
    try {
      this.storage?.removeItem(key(userId, threadId));
    } catch {
      // See save().
    }
  }

  private read(k: string): string | null {
    try {
      return this.storage?.getItem(k) ?? null;
    } catch {
      return null;
    }
  }
}

function key(userId: string, threadId: string): string {
  return `${DRAFT_KEY_PREFIX}${userId}.${threadId}`;
}

function storageOf(document: Document): Storage | null {
  try {
    return document.defaultView?.localStorage ?? null;
  } catch {
    return null;
  }
}

/** What was stored may come from an older version of the app, or be tampered with: only a well-formed draft is used. */
export function parseDraft(raw: string): Draft | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const v = value as Record<string, unknown>;
  if (typeof v['body'] !== 'string' || typeof v['savedAt'] !== 'number') {
    return null;
  }
  const mentions = Array.isArray(v['mentions']) ? v['mentions'].filter(isMention) : [];
  return {
    body: v['body'],
    replyToId: typeof v['replyToId'] === 'string' ? v['replyToId'] : null,
    pseudonymous: v['pseudonymous'] === true,
    mentions,
    savedAt: v['savedAt'],
  };
}

function isMention(value: unknown): value is MessageAuthor {
  const m = value as Record<string, unknown> | null;
  return (
    typeof m === 'object' &&
    m !== null &&
    ((m['kind'] === 'member' && typeof m['id'] === 'string' && typeof m['name'] === 'string') ||
      (m['kind'] === 'pseudonym' && typeof m['pseudonym'] === 'string'))
  );
}
