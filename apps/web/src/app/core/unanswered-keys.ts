/**
 * Keys of creating requests whose answer never came, by what was sent, so that pressing "send"
 * again with the same words reuses the key and the server answers the first copy instead of
 * writing a second (idempotency.interceptor.ts). In memory only: nothing about an unsent message
 * is kept on the device, and signing out forgets them.
 */
export const unanswered = new Map<string, string>();

export function forgetUnansweredKeys(): void {
  unanswered.clear();
}
