import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { NotificationKind } from '@suivi/contracts';
import type { EntityManager } from 'typeorm';

import { bilingual } from '../common/bilingual';
import { DomainEvents } from '../events/domain-events';
import { organizationRecipients } from '../organizations/focal-points.service';
import { NotificationsService } from './notifications.service';

const SECRETARIAT = `SELECT u.id FROM users u WHERE u.role = 'secretariat' AND u.status = 'active'`;

/**
 * The people who act are told (DESIGN.md, "The follow-up routine"), as notification rows in the
 * transaction of the write that asks them to act: the owner organisation (its focal points, or
 * every active member) when its report is verified or its commitment becomes contested, or a
 * round asks it for reports; civil society when a round invites assessments; the secretariat when
 * an account waits for approval, a message is flagged or a report waits for verification.
 *
 * What a notice carries is what its reader may already read: a flag notice names no message,
 * words or author; an account notice names the newcomer only to the secretariat, who approves it.
 */
@Injectable()
export class AsksService implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly notifications: NotificationsService,
  ) {}

  onModuleInit(): void {
    this.events.within('report.created', async (tx, e) => {
      if (!e.translated) {
        await this.reportToVerify(tx, e.commitmentId, e.reportId);
      }
    });
    this.events.within('report.verified', async (tx, e) => {
      if (!e.organizationId) {
        return;
      }
      await this.toOrganization(tx, e.organizationId, 'report_verified', e.commitmentId, { reportId: e.reportId });
    });
    this.events.within('commitment.contested', async (tx, e) => {
      const [c] = (await tx.query('SELECT owner_id, current_status, assessed_status FROM commitments WHERE id = $1', [
        e.commitmentId,
      ])) as Array<{
        owner_id: string;
        current_status: string;
        assessed_status: string | null;
      }>;
      await this.toOrganization(tx, c.owner_id, 'commitment_contested', e.commitmentId, {
        currentStatus: c.current_status,
        assessedStatus: c.assessed_status,
      });
    });
    this.events.within('account.waiting', async (tx, e) => {
      const [user] = (await tx.query('SELECT display_name FROM users WHERE id = $1', [e.userId])) as Array<{ display_name: string }>;
      await this.notifications.notifyUsers(tx, await this.ids(tx, SECRETARIAT), 'account_waiting', noSubject, {
        userId: e.userId,
        name: user?.display_name ?? '',
      });
    });
    this.events.within('newcomer.waiting', (tx, e) => this.newcomerWaiting(tx, e.userId));
    this.events.within('flag.created', async (tx, e) => {
      await this.notifications.notifyUsers(tx, await this.ids(tx, SECRETARIAT), 'message_flagged', noSubject, { flagId: e.flagId });
    });
    this.events.within('round.opened', (tx, e) => this.roundOpened(tx, e.roundId, e.dialogueId));
  }

  /**
   * A self-report filed by someone outside the secretariat waits for its verification. One unread
   * notice per commitment is enough: an import of many rows does not bury the secretariat.
   */
  private async reportToVerify(tx: EntityManager, commitmentId: string, reportId: string): Promise<void> {
    const [report] = (await tx.query(
      `SELECT p.kind, o.name_en, o.name_fr, o.acronym,
              EXISTS (SELECT 1 FROM users a WHERE a.id = p.author_id AND a.role = 'secretariat') AS by_secretariat
         FROM progress_reports p LEFT JOIN organizations o ON o.id = p.organization_id WHERE p.id = $1`,
      [reportId],
    )) as Array<{
      kind: string;
      name_en: string | null;
      name_fr: string | null;
      acronym: string | null;

      by_secretariat: boolean;
    }>;
    if (!report || report.kind !== 'self_report' || report.by_secretariat) {
      return;
    }
    const waiting = (await tx.query(
      `${SECRETARIAT} AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.kind = 'report_to_verify'
                                          AND n.subject_id = $1 AND n.read_at IS NULL)`,
      [commitmentId],
    )) as Array<{ id: string }>;
    await this.notifications.notifyUsers(
      tx,
      waiting.map((u) => u.id),
      'report_to_verify',
      await this.commitmentSubject(tx, commitmentId),
      { reportId, organization: report.acronym ?? report.name_en ?? report.name_fr ?? '' },
    );
  }

  /**
   * A civil-society newcomer waits for a second key: the active members of their organisation
   * confirm them; with none, once the secretariat approved, any other civil-society organisation's
   * member may vouch. Those who may are told (the name only: a mail says only that something waits).
   */
  private async newcomerWaiting(tx: EntityManager, userId: string): Promise<void> {
    const [newcomer] = (await tx.query(
      `SELECT u.display_name, u.organization_id, u.approved_at IS NOT NULL AS approved, o.stakeholder_group,
              EXISTS (SELECT 1 FROM users m WHERE m.organization_id = u.organization_id AND m.status = 'active' AND m.id <> u.id) AS has_members
         FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.id = $1 AND u.status = 'pending' AND u.confirmed_at IS NULL`,
      [userId],
    )) as Array<{ display_name: string; organization_id: string; approved: boolean; stakeholder_group: string; has_members: boolean }>;
    // With members, they were told at registration; without, vouchers may act only once it is approved.
    if (!newcomer || newcomer.stakeholder_group !== 'civil_society' || newcomer.has_members === newcomer.approved) {
      return;
    }
    const ids = await this.ids(
      tx,
      `SELECT u.id FROM users u JOIN organizations o ON o.id = u.organization_id
        WHERE u.status = 'active' AND u.role <> 'secretariat' AND o.stakeholder_group = 'civil_society' AND u.id <> $1
          AND (CASE WHEN $3 THEN u.organization_id = $2 ELSE u.organization_id <> $2 END)`,
      [userId, newcomer.organization_id, newcomer.has_members],
    );
    await this.notifications.notifyUsers(tx, ids, 'newcomer_waiting', noSubject, { userId, name: newcomer.display_name });
  }

  private async roundOpened(tx: EntityManager, roundId: string, dialogueId: string): Promise<void> {
    const [round] = (await tx.query('SELECT title_en, title_fr, due_on::text AS due_on FROM reporting_rounds WHERE id = $1', [
      roundId,
    ])) as Array<{ title_en: string | null; title_fr: string | null; due_on: string }>;
    const base = { roundId, roundTitle: bilingual(round.title_en, round.title_fr), dueOn: round.due_on };
    const subject = { subjectType: 'dialogue' as const, subjectId: dialogueId, title: await this.dialogueTitle(tx, dialogueId) };
    const perOrganization = (await tx.query(
      `SELECT organization_id, count(*)::int AS n FROM report_requests WHERE round_id = $1 AND track = 'self_report' GROUP BY organization_id`,
      [roundId],
    )) as Array<{ organization_id: string; n: number }>;
    for (const { organization_id, n } of perOrganization) {
      const ids = await this.ids(tx, organizationRecipients('$1'), [organization_id]);
      await this.notifications.notifyUsers(tx, ids, 'round_request', subject, { ...base, count: n });
    }
    const [{ n: assessments }] = (await tx.query(
      `SELECT count(*)::int AS n FROM report_requests WHERE round_id = $1 AND track = 'independent_assessment'`,
      [roundId],
    )) as Array<{ n: number }>;
    if (assessments) {
      const ids = await this.ids(
        tx,
        `SELECT u.id FROM users u JOIN organizations o ON o.id = u.organization_id
          WHERE u.status = 'active' AND u.role <> 'secretariat' AND o.stakeholder_group = 'civil_society'`,
      );
      await this.notifications.notifyUsers(tx, ids, 'round_assessment', subject, { ...base, count: assessments });
    }
  }

  private async toOrganization(
    tx: EntityManager,
    organizationId: string,
    kind: NotificationKind,
    commitmentId: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    const ids = await this.ids(tx, organizationRecipients('$1'), [organizationId]);
    await this.notifications.notifyUsers(tx, ids, kind, await this.commitmentSubject(tx, commitmentId), payload);
  }

  private async commitmentSubject(tx: EntityManager, commitmentId: string) {
    const [c] = (await tx.query('SELECT title_en, title_fr FROM commitments WHERE id = $1', [commitmentId])) as Array<{
      title_en: string | null;
      title_fr: string | null;
    }>;
    return { subjectType: 'commitment' as const, subjectId: commitmentId, title: bilingual(c?.title_en ?? null, c?.title_fr ?? null) };
  }

  private async dialogueTitle(tx: EntityManager, dialogueId: string) {
    const [d] = (await tx.query('SELECT title_en, title_fr FROM dialogues WHERE id = $1', [dialogueId])) as Array<{
      title_en: string | null;
      title_fr: string | null;
    }>;
    return bilingual(d?.title_en ?? null, d?.title_fr ?? null);
  }

  private async ids(tx: EntityManager, sql: string, params: unknown[] = []): Promise<string[]> {
    return ((await tx.query(sql, params)) as Array<{ id: string }>).map((r) => r.id);
  }
}

const noSubject = { subjectType: null, subjectId: null, title: null };
