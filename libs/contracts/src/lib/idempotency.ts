// Idempotent creation (DESIGN.md, "Idempotent creation"): a client names each creating POST with
// a key of its own; a copy of it, sent again after a lost answer, is answered without a second
// write.

/** The request header carrying the key. */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Set on an answer that replays an earlier write instead of writing again. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** What a key may be: a UUID fits; so does any client's own scheme within these characters. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,128}$/;

/** How long an answered key is kept (DESIGN.md: 24 h, and not past the account's epoch). */
export const IDEMPOTENCY_KEY_HOURS = 24;

/**
 * `GET /api/idempotency-keys/:key?path=…`: whether this account's POST to that path under the key
 * was answered, and the answer as it reads now (re-read for the asker, so a hide or a purge since
 * shows). A client asks before sending large files again.
 */
export interface IdempotencyAnswer {
  status: number;
  resource: string;
  id: string;
  body: unknown;
}
