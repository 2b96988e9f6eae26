import { SetMetadata } from '@nestjs/common';

export const IDEMPOTENT_RESOURCE = 'suivi:idempotent-resource';
export const NOT_IDEMPOTENT_REASON = 'suivi:not-idempotent-reason';

/**
 * A creating POST that honours `Idempotency-Key`: its key is claimed in the transaction of its
 * first audited write of `resource` (the audit event's entity type), whose id a replay reads again
 * through the reader registered for that resource (IdempotencyReplays).
 */
export const Idempotent = (resource: string) => SetMetadata(IDEMPOTENT_RESOURCE, resource);

/**
 * A POST that does not take keys, and why (listed by the test that finds every POST in the
 * controllers' metadata): a repeat of it cannot create a second thing, or it has no account.
 */
export const NotIdempotent = (reason: string) => SetMetadata(NOT_IDEMPOTENT_REASON, reason);

/** The reason most opted-out routes share. */
export const CHANGES_STATE = 'changes a state and creates nothing: sent again, it finds the state already reached';
