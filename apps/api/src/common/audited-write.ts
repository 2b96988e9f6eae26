import { AsyncLocalStorage } from 'node:async_hooks';

import type { EntityManager } from 'typeorm';

/** What the audit chain is told about a write, as far as a request's own hook needs it. */
export interface AuditedWrite {
  entityType: string;
  entityId?: string | null;
}

/** Runs inside the write's transaction, before its audit event is appended. */
export type AuditedWriteHook = (tx: EntityManager, write: AuditedWrite) => Promise<void>;

/**
 * A request's hook on its audited writes. Every write appends to the audit chain in its own
 * transaction (DESIGN.md), so this is where something must join that transaction without the
 * features knowing: the idempotency key of the request that caused it. Kept here, below both the
 * audit chain and the features, so neither imports the other for it.
 */
export const auditedWriteHooks = new AsyncLocalStorage<AuditedWriteHook>();
