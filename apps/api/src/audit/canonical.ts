import { createHash } from 'node:crypto';

import { canonicalJson } from '../common/canonical-json';

// Defined below both the chain and the features (idempotency digests requests with it too).
export { canonicalJson };

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The hash that precedes the first event. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  subject: string | null;
  dataDigest: string;
}

/** The text of an event that its hash covers. `v` lets a later format coexist with this one. */
export function canonicalEvent(fields: ChainedFields): string {
  return canonicalJson({ v: 1, ...fields });
}

export function chainHash(prevHash: string, canonical: string): string {
  return sha256(prevHash + canonical);
}

export function dataDigest(salt: string, dataText: string): string {
  return sha256(salt + dataText);
}

/** A record as an event binds it: its salted hash, listed in the text or under the seal. */
export interface BoundRecord {
  type: string;
  id: string;
  hash: string;
}

/**
 * What canonical text v2 seals: who acted and on what, with the digest of the data and the
 * bindings that are not public (access state, safe spaces), and the events a purge erased. Only
 * `sealed = sha256(event_salt + this)` enters the chain, so the export names no account.
 */
export interface SealedFields {
  at: string;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  subject: string | null;
  dataDigest: string;
  records: BoundRecord[];
  purges: number[];
}

export function sealedDigest(eventSalt: string, fields: SealedFields): string {
  const { records, purges, ...rest } = fields;
  // Empty lists are left out, so an event with neither seals exactly DESIGN's five fields and time.
  return sha256(
    eventSalt +
      canonicalJson({
        ...rest,
        records: records.length ? shownRecords(records) : undefined,
        purges: purges.length ? [...purges].sort((a, b) => a - b) : undefined,
      }),
  );
}

/** Bindings as hashed: type, id and hash only (never a salt), in one order. */
export function shownRecords(records: BoundRecord[]): BoundRecord[] {
  return sortRecords(records).map(({ type, id, hash }) => ({ type, id, hash }));
}

export function sortRecords<T extends BoundRecord>(records: T[]): T[] {
  return [...records].sort((a, b) => (a.type === b.type ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.type < b.type ? -1 : 1));
}

/**
 * Canonical text v2. An event that binds public records shows its time, action and those
 * bindings; one that binds none shows nothing but its place and seal (registrations, approvals,
 * resets and safe-space writes all look alike from outside).
 */
export function canonicalEventV2(
  seq: number,
  sealed: string,
  publicPart: { at: string; action: string; records: BoundRecord[] } | null,
): string {
  if (!publicPart || publicPart.records.length === 0) {
    return canonicalJson({ v: 2, seq, sealed });
  }
  return canonicalJson({ v: 2, seq, at: publicPart.at, action: publicPart.action, records: shownRecords(publicPart.records), sealed });
}
