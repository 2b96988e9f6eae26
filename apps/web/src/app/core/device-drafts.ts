/** Where unsent messages wait on the device, per person and thread (see discussion/draft-storage). */
export const DRAFT_KEY_PREFIX = 'suivi.draft.';

/**
 * Signing out forgets every draft kept on this device: on a shared phone or a cybercafé
 * computer, the next person must not find what someone was writing, least of all under a
 * pseudonym.
 */
export function forgetDrafts(storage: Storage | null | undefined): void {
  if (!storage) {
    return;
  }
  try {
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
      (k): k is string => k?.startsWith(DRAFT_KEY_PREFIX) ?? false,
    );
    keys.forEach((k) => storage.removeItem(k));
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/**
 * Removes the drafts with nothing written in them. Earlier versions kept one after sending to
 * remember a ticked pseudonym box, and such a draft says nothing but that this person writes
 * under a pseudonym in that thread (security review, finding 18). Run as the app starts.
 */
export function forgetEmptyDrafts(window: Window | null): void {
  try {
    // Reading localStorage itself throws where the browser refuses storage.
    const storage = window?.localStorage;
    if (!storage) {
      return;
    }
    const keys = Array.from({ length: storage.length }, (_, i) => storage.key(i)).filter(
      (k): k is string => k?.startsWith(DRAFT_KEY_PREFIX) ?? false,
    );
    keys.filter((k) => !hasWriting(storage.getItem(k))).forEach((k) => storage.removeItem(k));
  } catch {
    // Storage disabled: nothing was kept.
  }
}

/** Some text or a chosen reply: what a draft is kept for. Anything unreadable has neither. */
function hasWriting(raw: string | null): boolean {
  try {
    const draft = JSON.parse(raw ?? '') as { body?: unknown; replyToId?: unknown } | null;
    return (typeof draft?.body === 'string' && draft.body.trim() !== '') || typeof draft?.replyToId === 'string';
  } catch {
    return false;
  }
}
