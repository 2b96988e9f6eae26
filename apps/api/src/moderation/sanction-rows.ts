import type { Bilingual, MessageAuthor, SanctionEntry, SanctionKind, SanctionState, StakeholderGroup } from '@suivi/contracts';

import { bilingual } from '../common/bilingual';

/**
 * A sanction as the secretariat's list reads it. The restricted person's account is joined only
 * when the sanction was taken through a named message (`AND NOT s.through_pseudonym` in the
 * join itself): for a pseudonymous one the row has no id, name or organisation to map, only the
 * pseudonym stored with the message it came through. `s.user_id` is never selected.
 */
export const SANCTION_COLUMNS = `
  s.id, s.kind, s.until, s.reason, s.created_at, s.through_pseudonym, s.via_message_id, s.lifted_at, s.lift_reason,
  CASE
    WHEN s.lifted_at IS NOT NULL THEN 'lifted'
    WHEN s.kind = 'mute' AND s.until <= now() THEN 'expired'
    ELSE 'active'
  END AS state,
  m.thread_id, m.pseudonym,
  tu.id AS member_id, tu.display_name AS member_name,
  o.id AS org_id, o.name_en AS org_name_en, o.name_fr AS org_name_fr, o.acronym AS org_acronym, o.stakeholder_group AS org_group,
  mu.id AS moderator_id, mu.display_name AS moderator_name,
  lu.id AS lifted_by_id, lu.display_name AS lifted_by_name`;

export const SANCTION_FROM = `
  sanctions s
  LEFT JOIN messages m ON m.id = s.via_message_id
  LEFT JOIN users tu ON tu.id = s.user_id AND NOT s.through_pseudonym
  LEFT JOIN organizations o ON o.id = tu.organization_id
  LEFT JOIN users mu ON mu.id = s.moderator_id
  LEFT JOIN users lu ON lu.id = s.lifted_by`;

/** Sanctions in force: not lifted, and not a mute past its end. */
export const SANCTION_ACTIVE = `(s.lifted_at IS NULL AND NOT (s.kind = 'mute' AND s.until <= now()))`;

export interface SanctionRow {
  id: string;
  kind: SanctionKind;
  until: Date | null;
  reason: string;
  created_at: Date;
  through_pseudonym: boolean;
  via_message_id: string | null;
  lifted_at: Date | null;
  lift_reason: string | null;
  state: SanctionState;
  thread_id: string | null;
  pseudonym: string | null;
  member_id: string | null;
  member_name: string | null;
  org_id: string | null;
  org_name_en: string | null;
  org_name_fr: string | null;
  org_acronym: string | null;
  org_group: StakeholderGroup | null;
  moderator_id: string | null;
  moderator_name: string | null;
  lifted_by_id: string | null;
  lifted_by_name: string | null;
}

function targetOf(row: SanctionRow): MessageAuthor {
  if (row.through_pseudonym) {
    return { kind: 'pseudonym', pseudonym: row.pseudonym ?? '' };
  }
  return {
    kind: 'member',
    id: row.member_id ?? '',
    name: row.member_name ?? '',
    organization:
      row.org_id && row.org_group
        ? { id: row.org_id, name: bilingual(row.org_name_en, row.org_name_fr), acronym: row.org_acronym, group: row.org_group }
        : null,
  };
}

/** A named author's suspension is their account's: it is reinstated from the accounts screen, not lifted here. */
export function isAccountSuspension(row: Pick<SanctionRow, 'kind' | 'through_pseudonym'>): boolean {
  return row.kind === 'suspend' && !row.through_pseudonym;
}

export function toSanctionEntry(row: SanctionRow, titles: ReadonlyMap<string, Bilingual>): SanctionEntry {
  return {
    id: row.id,
    kind: row.kind,
    until: row.until?.toISOString() ?? null,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    target: targetOf(row),
    throughPseudonym: row.through_pseudonym,
    state: row.state,
    thread: row.thread_id ? { id: row.thread_id, title: titles.get(row.thread_id) ?? {} } : null,
    messageId: row.via_message_id,
    moderator: row.moderator_id ? { id: row.moderator_id, name: row.moderator_name ?? '' } : null,
    liftedAt: row.lifted_at?.toISOString() ?? null,
    liftedBy: row.lifted_by_id ? { id: row.lifted_by_id, name: row.lifted_by_name ?? '' } : null,
    liftReason: row.lift_reason,
    liftable: row.state === 'active' && !isAccountSuspension(row),
  };
}
