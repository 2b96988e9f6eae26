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
