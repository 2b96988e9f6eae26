import {
  messageExcerpt,
  type MentionView,
  type MessageAuthor,
  type MessageState,
  type MessageView,
  type StakeholderGroup,
} from '@suivi/contracts';

import { bilingual } from '../common/bilingual';

/**
 * The columns of a message as readers get it. The SQL itself leaves out who wrote a pseudonymous
 * message (its id, name and organisation are NULL in the row), so no later mapping can leak it;
 * whether the reader wrote it is computed here as a boolean (`$1` is the reader's id or NULL,
 * `$2` whether they moderate, which shows hidden bodies and open flags).
 */
/** Who wrote message `m` (or its reply target `r`), NULL throughout when it was pseudonymous. */
const authorColumns = (message: string, user: string, org: string, prefix: string) => `
  CASE WHEN ${message}.pseudonymous THEN NULL ELSE ${message}.author_id END AS ${prefix}author_id,
  CASE WHEN ${message}.pseudonymous THEN NULL ELSE ${user}.display_name END AS ${prefix}author_name,
  CASE WHEN ${message}.pseudonymous THEN NULL ELSE ${org}.id END AS ${prefix}org_id,
  CASE WHEN ${message}.pseudonymous THEN NULL ELSE ${org}.name_en END AS ${prefix}org_name_en,
  CASE WHEN ${message}.pseudonymous THEN NULL ELSE ${org}.name_fr END AS ${prefix}org_name_fr,
  CASE WHEN ${message}.pseudonymous THEN NULL ELSE ${org}.acronym END AS ${prefix}org_acronym,
  CASE WHEN ${message}.pseudonymous THEN NULL ELSE ${org}.stakeholder_group END AS ${prefix}org_group`;

/**
 * The account that owns message `m` now, or NULL: a named message is its author's; a pseudonymous
 * one belongs to the pair (person, epoch) that wrote it, so once a reset has advanced the
 * account's epoch it belongs to nobody — not `mine`, not editable, and nobody is told of it.
 * `u` is the author's users row.
 */
export const messageOwner = (m = 'm', u = 'u') =>
  `CASE WHEN NOT ${m}.pseudonymous OR ${m}.author_epoch = ${u}.epoch THEN ${m}.author_id END`;

export const MESSAGE_COLUMNS = `
  m.id, m.thread_id, m.number, m.seq, m.pseudonymous, m.pseudonym, m.state, m.hidden_reason, m.mentions,
  m.edited_at, m.created_at,
  (${messageOwner()} = $1::uuid) IS TRUE AS mine,
  CASE WHEN m.state = 'visible' OR (m.state = 'hidden' AND $2::boolean) THEN m.body END AS body,
  ${authorColumns('m', 'u', 'o', '')},
  r.id AS reply_id, r.pseudonymous AS reply_pseudonymous, r.pseudonym AS reply_pseudonym,
  ${authorColumns('r', 'ru', 'ro', 'reply_')},
  CASE WHEN r.state = 'visible' THEN r.body END AS reply_body,
  CASE WHEN $2::boolean THEN (SELECT count(*)::int FROM flags f WHERE f.message_id = m.id AND f.state = 'open') ELSE 0 END AS open_flags`;

/** `source` is `messages m` or, to read back what an INSERT … RETURNING just wrote, `<cte> m`. */
export const messageFrom = (source = 'messages m') => `
  ${source}
  JOIN users u ON u.id = m.author_id
  LEFT JOIN organizations o ON o.id = u.organization_id
  LEFT JOIN messages r ON r.id = m.reply_to_id
  LEFT JOIN users ru ON ru.id = r.author_id
  LEFT JOIN organizations ro ON ro.id = ru.organization_id`;

export const MESSAGE_FROM = messageFrom();

export interface MessageRow {
  id: string;
  thread_id: string;
  number: string;
  seq: string;
  pseudonymous: boolean;
  pseudonym: string | null;
  state: MessageState;
  hidden_reason: string | null;
  mentions: MentionView[];
  edited_at: Date | null;
  created_at: Date;
  mine: boolean;
  body: string | null;
  author_id: string | null;
  author_name: string | null;
  org_id: string | null;
  org_name_en: string | null;
  org_name_fr: string | null;
  org_acronym: string | null;
  org_group: StakeholderGroup | null;
  reply_id: string | null;
  reply_pseudonymous: boolean | null;
  reply_pseudonym: string | null;
  reply_author_id: string | null;
  reply_author_name: string | null;
  reply_org_id: string | null;
  reply_org_name_en: string | null;
  reply_org_name_fr: string | null;
  reply_org_acronym: string | null;
  reply_org_group: StakeholderGroup | null;
  reply_body: string | null;
  open_flags: number;
}

export interface AuthorColumns {
  pseudonymous: boolean | null;
  pseudonym: string | null;
  id: string | null;
  name: string | null;
  orgId: string | null;
  orgNameEn: string | null;
  orgNameFr: string | null;
  orgAcronym: string | null;
  orgGroup: StakeholderGroup | null;
}

export function toAuthor(a: AuthorColumns): MessageAuthor {
  if (a.pseudonymous) {
    return { kind: 'pseudonym', pseudonym: a.pseudonym ?? '' };
  }
  return {
    kind: 'member',
    id: a.id ?? '',
    name: a.name ?? '',
    organization:
      a.orgId && a.orgGroup ? { id: a.orgId, name: bilingual(a.orgNameEn, a.orgNameFr), acronym: a.orgAcronym, group: a.orgGroup } : null,
  };
}

export function toMessageView(row: MessageRow): MessageView {
  return {
    id: row.id,
    threadId: row.thread_id,
    number: Number(row.number),
    seq: Number(row.seq),
    author: toAuthor({
      pseudonymous: row.pseudonymous,
      pseudonym: row.pseudonym,
      id: row.author_id,
      name: row.author_name,
      orgId: row.org_id,
      orgNameEn: row.org_name_en,
      orgNameFr: row.org_name_fr,
      orgAcronym: row.org_acronym,
      orgGroup: row.org_group,
    }),
    mine: row.mine,
    body: row.body,
    mentions: row.state === 'deleted' ? [] : row.mentions,
    replyTo: row.reply_id
      ? {
          id: row.reply_id,
          author: toAuthor({
            pseudonymous: row.reply_pseudonymous,
            pseudonym: row.reply_pseudonym,
            id: row.reply_author_id,
            name: row.reply_author_name,
            orgId: row.reply_org_id,
            orgNameEn: row.reply_org_name_en,
            orgNameFr: row.reply_org_name_fr,
            orgAcronym: row.reply_org_acronym,
            orgGroup: row.reply_org_group,
          }),
          excerpt: row.reply_body === null ? null : messageExcerpt(row.reply_body),
        }
      : null,
    state: row.state,
    hiddenReason: row.state === 'hidden' ? row.hidden_reason : null,
    editedAt: row.edited_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    openFlags: row.open_flags,
  };
}
