import { can, type Bilingual, type Locale, type NotificationKind, type Viewer } from '@suivi/contracts';
import type { EntityManager } from 'typeorm';

import { requestRows } from '../audit/round-states';
import { bilingual } from '../common/bilingual';
import { organizationRecipients } from '../organizations/focal-points.service';
import { readThreadAccess } from '../threads/threads.service';
import { MAIL_STRINGS, text, waitingMail, type ComposedMail, type MailLine, type MailSection } from './mail-content';

type Queryable = Pick<EntityManager, 'query'>;

/** An outbox row as the worker claimed it. */
export interface OutboxRow {
  id: string;
  occasion_key: string;
  kind: 'notice' | 'round_reminder' | 'account_decision' | 'reset_link' | 'digest';
  category: 'activity' | 'asks' | 'reminders' | 'account';
  user_id: string;
  notification_id: string | null;
  payload: Record<string, unknown>;
  message_id: string | null;
  due_at: Date;
  digest: 'daily' | 'weekly' | null;
  attempts: number;
}

export interface Recipient {
  id: string;
  email: string;
  display_name: string;
  locale: Locale;
  status: Viewer['status'];
  role: Viewer['role'];
  organization_id: string | null;
  stakeholder_group: Viewer['group'];
}

export const asViewer = (r: Recipient): Viewer => ({
  id: r.id,
  status: r.status,
  role: r.role,
  organizationId: r.organization_id,
  group: r.stakeholder_group,
});

/** Why a row is not sent: the re-check at sending found it no longer true. */
export interface Skip {
  skip: string;
}

export interface Composition {
  mail: ComposedMail;
  /** The held rows a digest carries: marked sent with it. */
  carried?: string[];
}

interface NotificationRow {
  id: string;
  user_id: string;
  kind: NotificationKind;
  subject_type: 'dialogue' | 'recommendation' | 'commitment' | null;
  subject_id: string | null;
  payload: Record<string, unknown>;
  through_pseudonym: boolean;
  created_at: Date;
}

/** Kinds whose subject is never public: the mail says only that something is waiting. */
const NEVER_PUBLIC: readonly NotificationKind[] = ['moderation', 'account_waiting', 'message_flagged', 'newcomer_waiting'];

/**
 * Builds each mail from what is true when it is sent (DESIGN.md: "re-checking at sending"), and
 * decides what it may carry. Everything is read again here: a notice deleted by a reset, a thread
 * closed to its reader, a request answered since, an account no longer active, each stops a mail.
 */
export class MailComposer {
  constructor(
    private readonly db: Queryable,
    private readonly today: string,
  ) {}

  async compose(row: OutboxRow, to: Recipient): Promise<Composition | Skip> {
    const locale = to.locale;
    switch (row.kind) {
      case 'notice': {
        if (to.status !== 'active' && row.category !== 'account') {
          return { skip: 'recipient not active' };
        }
        const [n] = (await this.db.query('SELECT * FROM notifications WHERE id = $1 AND user_id = $2', [
          row.notification_id,
          to.id,
        ])) as NotificationRow[];
        if (!n) {
          return { skip: 'notice gone' };
        }
        const line = await this.notice(n, to);
        return 'skip' in line ? line : { mail: line.mail };
      }
      case 'round_reminder':
        return this.reminder(row, to);
      case 'account_decision': {
        const decision = String(row.payload['decision']);
        const t = MAIL_STRINGS[locale];
        return {
          mail: {
            subject: t.accountSubject,
            paragraphs: [t.account[decision] ?? t.accountSubject],
            sections: [],
            action: decision === 'suspended' ? null : { label: t.signIn, href: '/sign-in' },
          },
        };
      }
      case 'reset_link': {
        const token = row.payload['token'];
        if (typeof token !== 'string') {
          return { skip: 'link already sent' };
        }
        const [live] = (await this.db.query(
          `SELECT extract(epoch FROM (expires_at - now())) / 3600 AS hours FROM password_resets
            WHERE id = $1 AND user_id = $2 AND used_at IS NULL AND expires_at > now()`,
          [row.payload['resetId'], to.id],
        )) as Array<{ hours: number }>;
        if (!live) {
          return { skip: 'link used, expired or replaced' };
        }
        const t = MAIL_STRINGS[locale];
        return {
          mail: {
            subject: t.resetSubject,
            paragraphs: [t.reset(Math.max(1, Math.floor(Number(live.hours))))],
            sections: [],
            action: { label: t.resetAction, href: `/reset?token=${encodeURIComponent(token)}` },
          },
        };
      }
      case 'digest':
        return this.digest(row, to);
    }
  }

  /** One notice as a whole mail, or as a digest's line. */
  private async notice(
    n: NotificationRow,
    to: Recipient,
  ): Promise<{ mail: ComposedMail; line: MailLine | null; group: string | null } | Skip> {
    const locale = to.locale;
    const t = MAIL_STRINGS[locale];
    // No mail ever concerns its recipient's own pseudonymous messages (these notices are never queued; this holds if one were).
    if (n.through_pseudonym) {
      return { skip: 'reached through a pseudonym' };
    }
    const payload = n.payload ?? {};
    const title = (payload['title'] ?? null) as Bilingual | null;
    const threadId = typeof payload['threadId'] === 'string' ? payload['threadId'] : null;
    const waiting = { mail: waitingMail(locale), line: null, group: null };
    if (threadId) {
      const access = await readThreadAccess(this.db, threadId);
      if (!access || !can.readThread(asViewer(to), access)) {
        return { skip: 'thread no longer readable' };
      }
      if (access.visibility !== 'public' || NEVER_PUBLIC.includes(n.kind)) {
        return waiting;
      }
    } else if (NEVER_PUBLIC.includes(n.kind)) {
      if ((n.kind === 'account_waiting' || n.kind === 'message_flagged') && to.role !== 'secretariat') {
        return { skip: 'no longer secretariat' };
      }
      return waiting;
    }
    const subjectPath = n.subject_type && n.subject_id ? `/${n.subject_type}s/${n.subject_id}` : '/notifications';
    const titled: MailLine = { text: text(title, locale) || t.open, href: subjectPath };
    const group = n.subject_type === 'commitment' ? n.subject_id : null;
    switch (n.kind) {
      case 'status_change':
      case 'report':
      case 'verification':
      case 'due_date':
        return {
          mail: {
            subject: t.newsSubject,
            paragraphs: [t.news[n.kind]],
            sections: [{ lines: [titled] }],
            action: { label: t.open, href: subjectPath },
          },
          line: { text: t.news[n.kind], href: subjectPath },
          group,
        };
      case 'reply':
      case 'mention': {
        const [message] = (await this.db.query(`SELECT state FROM messages WHERE id = $1`, [payload['messageId']])) as Array<{
          state: string;
        }>;
        if (message?.state !== 'visible') {
          return { skip: 'message no longer visible' };
        }
        const by = authorLabel(payload['by']);
        const href = `/discussions/${threadId}`;
        const said = n.kind === 'reply' ? t.reply(by) : t.mention(by);
        return {
          mail: {
            subject: n.kind === 'reply' ? t.replySubject : t.mentionSubject,
            paragraphs: [said],
            sections: [{ lines: [{ text: text(title, locale) || t.open, href, detail: String(payload['excerpt'] ?? '') }] }],
            action: { label: t.open, href },
          },
          line: { text: said, href, detail: String(payload['excerpt'] ?? '') },
          group,
        };
      }
      case 'account': {
        const said = t.account[String(payload['event'])] ?? t.accountSubject;
        return {
          mail: { subject: t.accountSubject, paragraphs: [said], sections: [], action: { label: t.signIn, href: '/sign-in' } },
          line: { text: said },
          group: null,
        };
      }
      case 'round_request':
      case 'round_assessment':
        return this.roundOpening(n, to);
      case 'report_verified':
      case 'commitment_contested':
      case 'report_to_verify': {
        const [subject, said] =
          n.kind === 'report_verified'
            ? [t.verifiedSubject, t.verified]
            : n.kind === 'commitment_contested'
              ? [t.contestedSubject, t.contested]
              : [t.toVerifySubject, t.toVerify(String(payload['organization'] ?? ''))];
        return {
          mail: { subject, paragraphs: [said], sections: [{ lines: [titled] }], action: { label: t.open, href: subjectPath } },
          line: { text: subject, href: subjectPath },
          group,
        };
      }
      case 'moderation':
      case 'account_waiting':
      case 'message_flagged':
      case 'newcomer_waiting':
        return waiting;
    }
  }

  /** A round's opening: the requests still awaited from the recipient's organisation, or the assessments civil society may file. */
  private async roundOpening(n: NotificationRow, to: Recipient): Promise<{ mail: ComposedMail; line: MailLine; group: null } | Skip> {
    const t = MAIL_STRINGS[to.locale];
    const roundId = String(n.payload['roundId']);
    const assessing = n.kind === 'round_assessment';
    if (!assessing && !to.organization_id) {
      return { skip: 'no organisation' };
    }
    const rows = await this.awaited(roundId, assessing ? null : (to.organization_id as string));
    if (!rows.length) {
      return { skip: 'nothing awaited any more' };
    }
    const round = rows[0];
    const title = text(bilingual(round.title_en, round.title_fr), to.locale);
    const due = t.date(round.due_on);
    return {
      mail: {
        subject: assessing ? t.assessSubject : t.roundSubject,
        paragraphs: [assessing ? t.assess(title, due) : t.round(title, due)],
        sections: [
          { lines: rows.map((r) => ({ text: text(bilingual(r.c_en, r.c_fr), to.locale), href: `/commitments/${r.commitment_id}` })) },
        ],
        action: { label: assessing ? t.open : t.myWork, href: assessing ? `/rounds/${roundId}` : '/my-work' },
      },
      line: { text: `${assessing ? t.assessSubject : t.roundSubject}: ${title}`, href: assessing ? `/rounds/${roundId}` : '/my-work' },
      group: null,
    };
  }

  private async reminder(row: OutboxRow, to: Recipient): Promise<Composition | Skip> {
    const organizationId = String(row.payload['organizationId']);
    const [still] = (await this.db.query(`SELECT 1 AS ok FROM (${organizationRecipients('$1')}) r WHERE r.id = $2`, [
      organizationId,
      to.id,
    ])) as unknown[];
    if (!still) {
      return { skip: 'no longer a recipient of the organisation' };
    }
    const rows = await this.awaited(String(row.payload['roundId']), organizationId);
    if (!rows.length) {
      return { skip: 'nothing awaited any more' };
    }
    const t = MAIL_STRINGS[to.locale];
    const title = text(bilingual(rows[0].title_en, rows[0].title_fr), to.locale);
    const due = t.date(rows[0].due_on);
    const after = row.payload['when'] === 'after';
    return {
      mail: {
        subject: after ? t.reminderAfterSubject : t.reminderBeforeSubject(Number(row.payload['days'])),
        paragraphs: [after ? t.reminderAfter(title, due) : t.reminderBefore(title, due)],
        sections: [
          { lines: rows.map((r) => ({ text: text(bilingual(r.c_en, r.c_fr), to.locale), href: `/commitments/${r.commitment_id}` })) },
        ],
        action: { label: t.fileReport, href: '/my-work' },
      },
    };
  }

  /** A round's requests still `requested`: an organisation's self-reports, or (null) the assessments. */
  private async awaited(roundId: string, organizationId: string | null) {
    return (await this.db.query(
      `SELECT r.*, c.title_en AS c_en, c.title_fr AS c_fr
         FROM (${requestRows(this.today, `q.round_id = $1 AND rr.state = 'open' AND ${organizationId ? `q.track = 'self_report' AND q.organization_id = $2` : `q.track = 'independent_assessment'`}`)}) r
         JOIN commitments c ON c.id = r.commitment_id
        WHERE r.state = 'requested' ORDER BY c.title_en, c.title_fr, c.id`,
      organizationId ? [roundId, organizationId] : [roundId],
    )) as Array<{
      commitment_id: string;
      title_en: string | null;
      title_fr: string | null;
      due_on: string;
      c_en: string | null;
      c_fr: string | null;
    }>;
  }

  /**
   * What was held for the recipient's digest, grouped by commitment, newest first. Anything not
   * public is one line saying something is waiting, whatever and however many it is.
   */
  private async digest(row: OutboxRow, to: Recipient): Promise<Composition | Skip> {
    const weekly = row.payload['cadence'] === 'weekly';
    const cadence = weekly ? 'weekly' : 'daily';
    const held = (await this.db.query(
      `SELECT o.*, n.subject_type, n.subject_id, n.created_at AS noticed_at FROM mail_outbox o LEFT JOIN notifications n ON n.id = o.notification_id
        WHERE o.user_id = $1 AND o.state = 'pending' AND o.digest = $2 AND o.due_at <= $3
        ORDER BY o.due_at DESC, o.id`,
      [to.id, cadence, row.due_at],
    )) as Array<OutboxRow>;
    const t = MAIL_STRINGS[to.locale];
    const groups = new Map<string, { heading: string; lines: MailLine[] }>();
    let waiting = false;
    const carried: string[] = [];
    for (const h of held) {
      carried.push(h.id);
      let line: MailLine | null = null;
      let group: string | null = null;
      let heading = t.digestOther;
      if (h.kind === 'notice') {
        const [n] = (await this.db.query('SELECT * FROM notifications WHERE id = $1 AND user_id = $2', [
          h.notification_id,
          to.id,
        ])) as NotificationRow[];
        const told = n ? await this.notice(n, to) : null;
        if (!told || 'skip' in told) {
          continue;
        }
        if (told.line === null) {
          waiting = true;
          continue;
        }
        line = told.line;
        group = told.group;
        if (group) {
          heading = text(n.payload['title'] as Bilingual, to.locale) || heading;
        }
      } else {
        const composed = await this.compose({ ...h, kind: h.kind }, to);
        if ('skip' in composed) {
          continue;
        }
        line = { text: composed.mail.subject, href: composed.mail.action?.href, detail: composed.mail.paragraphs[0] };
      }
      const key = group ?? '~other';
      const entry = groups.get(key) ?? { heading, lines: [] };
      entry.lines.push(line);
      groups.set(key, entry);
    }
    const sections: MailSection[] = [...groups.values()];
    if (waiting) {
      sections.push({ lines: [{ text: t.digestWaiting, href: '/sign-in' }] });
    }
    if (!sections.length) {
      return { skip: 'nothing left to tell' };
    }
    return {
      mail: {
        subject: t.digestSubject(weekly),
        paragraphs: [t.digest(weekly)],
        sections,
        action: { label: t.open, href: '/notifications' },
      },
      carried,
    };
  }
}

/** A message's author as its notice carried it: a member's name or a pseudonym, never who is behind one. */
function authorLabel(by: unknown): string {
  const author = (by ?? {}) as { kind?: string; name?: string; pseudonym?: string };
  return (author.kind === 'pseudonym' ? author.pseudonym : author.name) ?? '—';
}
