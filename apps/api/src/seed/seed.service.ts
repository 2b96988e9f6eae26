import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { hash } from 'argon2';
import { DataSource, EntityManager } from 'typeorm';

import { AuditService, pseudonymActor, systemActor, userActor, type AuditActor } from '../audit/audit.service';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { pseudonymFor } from '../messages/messages.service';
import { refreshCommitmentState } from '../reports/reports.service';
import { createPublicThread } from '../threads/threads.service';
import { BAMAKO_DEMO } from './bamako-demo.data';
import type { DemoData, DemoReport, DemoRound } from './demo-data.types';

export const DEMO_SEEDED_KEY = 'demo_seeded';
/** Two starts seeding one database at once: the second waits, then finds the data loaded. */
const SEED_LOCK_KEY = 7_301_982_020;

export interface SeedResult {
  seeded: boolean;
  reason?: string;
  counts?: Record<string, number>;
}

/**
 * Loads the Bamako demo data into an empty database, as ordinary audited writes, in one
 * transaction: either all of it is there or none. Never runs twice, never runs in production
 * (the caller checks the configuration).
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seedIfEmpty(demoPassword: string, data: DemoData = BAMAKO_DEMO): Promise<SeedResult> {
    const [state] = (await this.db.query(
      `SELECT (SELECT count(*)::int FROM organizations) AS organizations,
              (SELECT count(*)::int FROM app_settings WHERE key = $1) AS seeded`,
      [DEMO_SEEDED_KEY],
    )) as Array<{ organizations: number; seeded: number }>;
    if (state.seeded) {
      return { seeded: false, reason: 'the demo data is already loaded' };
    }
    if (state.organizations) {
      return { seeded: false, reason: 'the database already holds data' };
    }
    // Hashing is slow on purpose: done before the transaction opens, never inside it.
    const passwordHashes = new Map<string, string>();
    for (const user of data.users) {
      passwordHashes.set(user.email, await hash(demoPassword, { type: 2 }));
    }
    const counts = await this.db.transaction(async (tx) => {
      // An advisory lock rather than FOR UPDATE, which would need the application role to hold
      // UPDATE on app_settings for seeding.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK_KEY]);
      const [again] = (await tx.query('SELECT 1 FROM app_settings WHERE key = $1', [DEMO_SEEDED_KEY])) as unknown[];
      if (again) {
        return null;
      }
      const result = await this.load(tx, data, passwordHashes);
      await tx.query('INSERT INTO app_settings (key, value) VALUES ($1, $2)', [
        DEMO_SEEDED_KEY,
        JSON.stringify({ dataset: 'bamako-2014', at: new Date().toISOString() }),
      ]);
      return result;
    });
    if (!counts) {
      return { seeded: false, reason: 'the demo data is already loaded' };
    }
    this.logger.log({ counts }, 'Bamako demo data loaded');
    return { seeded: true, counts };
  }

  private async load(tx: EntityManager, data: DemoData, passwordHashes: Map<string, string>): Promise<Record<string, number>> {
    const orgIds = new Map<string, string>();
    const userIds = new Map<string, string>();
    const counts = {
      organizations: 0,
      users: 0,
      recommendations: 0,
      commitments: 0,
      reports: 0,
      milestones: 0,
      threads: 0,
      messages: 0,
      rounds: 0,
    };
    const commitmentThreads = new Map<string, string>();
    const commitmentIds = new Map<string, string>();

    for (const org of data.organizations) {
      const [row] = (await tx.query(
        `INSERT INTO organizations (name_en, name_fr, acronym, stakeholder_group, illustrative)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [org.name.en ?? null, org.name.fr ?? null, org.acronym, org.group, org.illustrative],
      )) as Array<{ id: string }>;
      orgIds.set(org.key, row.id);
      await this.audit.append(tx, {
        actor: systemActor,
        action: 'organization.created',
        entityType: 'organization',
        entityId: row.id,
        data: { ...org, id: row.id, seed: 'bamako-demo' },
      });
      counts.organizations++;
    }
    const org = (key: string) => {
      const id = orgIds.get(key);
      if (!id) {
        throw new Error(`demo data: unknown organisation key "${key}"`);
      }
      return id;
    };

    for (const user of data.users) {
      const [row] = (await tx.query(
        `INSERT INTO users (email, display_name, locale, password_hash, status, role, organization_id, approved_at, confirmed_at)
         VALUES ($1, $2, $3, $4, 'active', $5, $6, now(), now()) RETURNING id`,
        [user.email, user.displayName, user.locale, passwordHashes.get(user.email), user.role, org(user.organizationKey)],
      )) as Array<{ id: string }>;
      userIds.set(user.email, row.id);
      await this.audit.append(tx, {
        actor: systemActor,
        action: 'user.created',
        entityType: 'user',
        entityId: row.id,
        data: {
          id: row.id,
          displayName: user.displayName,
          role: user.role,
          organizationId: org(user.organizationKey),
          seed: 'bamako-demo',
        },
      });
      counts.users++;
    }
    const secretariatUser = data.users.find((u) => u.role === 'secretariat');
    const curator: AuditActor = secretariatUser ? userActor(userIds.get(secretariatUser.email) ?? '') : systemActor;
    const secretariatOrg = secretariatUser ? org(secretariatUser.organizationKey) : null;

    const d = data.dialogue;
    const [dialogue] = (await tx.query(
      `INSERT INTO dialogues (title_en, title_fr, summary_en, summary_fr, place, start_date, end_date, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
      [d.title.en ?? null, d.title.fr ?? null, d.summary.en ?? null, d.summary.fr ?? null, d.place, d.startDate, d.endDate, d.status],
    )) as Array<{ id: string }>;
    for (const key of d.participantKeys) {
      await tx.query('INSERT INTO dialogue_participants (dialogue_id, organization_id) VALUES ($1, $2)', [dialogue.id, org(key)]);
    }
    await this.audit.append(tx, {
      actor: curator,
      action: 'dialogue.created',
      entityType: 'dialogue',
      entityId: dialogue.id,
      subject: `dialogue:${dialogue.id}`,
      data: { ...d, id: dialogue.id, participantIds: d.participantKeys.map(org) },
    });
    await createPublicThread(tx, this.audit, { type: 'dialogue', id: dialogue.id, dialogueId: dialogue.id }, curator);
    counts.threads++;

    const recIds = new Map<string, string>();
    for (const rec of data.recommendations) {
      const [row] = (await tx.query(
        `INSERT INTO recommendations (dialogue_id, code, text_en, text_fr, addressed_to, themes)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [dialogue.id, rec.code, rec.text.en ?? null, rec.text.fr ?? null, rec.addressedTo, rec.themes],
      )) as Array<{ id: string }>;
      recIds.set(rec.code, row.id);
      await this.audit.append(tx, {
        actor: curator,
        action: 'recommendation.created',
        entityType: 'recommendation',
        entityId: row.id,
        subject: `recommendation:${row.id}`,
        data: { ...rec, id: row.id, dialogueId: dialogue.id },
      });
      await createPublicThread(tx, this.audit, { type: 'recommendation', id: row.id, dialogueId: dialogue.id }, curator);
      counts.recommendations++;
      counts.threads++;
    }

    for (const c of data.commitments) {
      const [row] = (await tx.query(
        `INSERT INTO commitments (dialogue_id, title_en, title_fr, description_en, description_fr, owner_id, themes, regions,
                                  start_date, due_date, indicators, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
        [
          dialogue.id,
          c.title.en ?? null,
          c.title.fr ?? null,
          c.description.en ?? null,
          c.description.fr ?? null,
          org(c.ownerKey),
          c.themes,
          c.regions,
          c.startDate,
          c.dueDate,
          JSON.stringify(c.indicators),
          `${c.startDate}T08:00:00Z`,
        ],
      )) as Array<{ id: string }>;
      const subject = `commitment:${row.id}`;
      commitmentIds.set(c.key, row.id);
      for (const key of c.supportingKeys) {
        await tx.query('INSERT INTO commitment_supporters (commitment_id, organization_id) VALUES ($1, $2)', [row.id, org(key)]);
      }
      for (const code of c.recommendationCodes) {
        const recId = recIds.get(code);
        if (!recId) {
          throw new Error(`demo data: unknown recommendation ${code}`);
        }
        await tx.query('INSERT INTO commitment_recommendations (commitment_id, recommendation_id) VALUES ($1, $2)', [row.id, recId]);
      }
      await this.audit.append(tx, {
        actor: curator,
        action: 'commitment.created',
        entityType: 'commitment',
        entityId: row.id,
        subject,
        data: {
          id: row.id,
          title: c.title,
          description: c.description,
          ownerId: org(c.ownerKey),
          supportingIds: c.supportingKeys.map(org),
          recommendationIds: c.recommendationCodes.map((code) => recIds.get(code)),
          themes: c.themes,
          regions: c.regions,
          startDate: c.startDate,
          dueDate: c.dueDate,
          indicators: c.indicators,
        },
      });
      commitmentThreads.set(
        c.key,
        await createPublicThread(tx, this.audit, { type: 'commitment', id: row.id, dialogueId: dialogue.id }, curator),
      );
      counts.commitments++;
      counts.threads++;

      for (const m of c.milestones) {
        const [ms] = (await tx.query(
          `INSERT INTO milestones (commitment_id, title_en, title_fr, planned_date, reached_date) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [row.id, m.title.en ?? null, m.title.fr ?? null, m.plannedDate, m.reachedDate],
        )) as Array<{ id: string }>;
        await this.audit.append(tx, {
          actor: curator,
          action: 'milestone.created',
          entityType: 'milestone',
          entityId: ms.id,
          subject,
          data: { ...m, id: ms.id, commitmentId: row.id },
        });
        counts.milestones++;
      }

      for (const [index, r] of c.reports.entries()) {
        const createdAt = new Date(`${r.date}T09:00:00Z`);
        createdAt.setUTCMinutes(index);
        const reportId = await this.fileReport(
          tx,
          row.id,
          r,
          createdAt,
          org(r.organizationKey),
          r.authorEmail ? (userIds.get(r.authorEmail) ?? null) : null,
        );
        counts.reports++;
        if (r.verified && secretariatOrg) {
          const verifiedAt = new Date(createdAt.getTime() + 7 * 24 * 3600 * 1000);
          const [v] = (await tx.query(
            `INSERT INTO report_verifications (report_id, verified_by, organization_id, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
            [reportId, secretariatUser ? userIds.get(secretariatUser.email) : null, secretariatOrg, verifiedAt],
          )) as Array<{ id: string }>;
          await this.audit.append(tx, {
            actor: curator,
            action: 'report.verified',
            entityType: 'report',
            entityId: reportId,
            subject,
            records: [{ type: 'verification', id: v.id }],
            data: { verificationId: v.id, reportId },
          });
        }
      }
      await refreshCommitmentState(tx, row.id);
    }

    for (const discussion of data.discussions) {
      let threadId = 'commitmentKey' in discussion ? commitmentThreads.get(discussion.commitmentKey) : undefined;
      if (!('commitmentKey' in discussion)) {
        const [thread] = (await tx.query(
          `INSERT INTO threads (dialogue_id, title_en, title_fr, visibility, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [
            dialogue.id,
            discussion.title.en ?? null,
            discussion.title.fr ?? null,
            discussion.visibility,
            secretariatUser ? userIds.get(secretariatUser.email) : null,
          ],
        )) as Array<{ id: string }>;
        threadId = thread.id;
        await this.audit.append(tx, {
          actor: curator,
          action: 'thread.created',
          entityType: 'thread',
          entityId: thread.id,
          subject: `thread:${thread.id}`,
          data: { id: thread.id, title: discussion.title, visibility: discussion.visibility, dialogueId: dialogue.id },
        });
        counts.threads++;
      }
      if (!threadId) {
        throw new Error('a demo discussion names an unknown commitment');
      }
      const posted: string[] = [];
      for (const [index, m] of discussion.messages.entries()) {
        const authorId = userIds.get(m.authorEmail) ?? '';
        const pseudonym = m.pseudonymous ? pseudonymFor(this.config.pseudonymKey, authorId, threadId) : null;
        const at = new Date(Date.now() - m.hoursAgo * 3600 * 1000);
        const [message] = (await tx.query(
          `INSERT INTO messages (thread_id, number, seq, author_id, pseudonymous, pseudonym, body, reply_to_id, created_at, updated_at)
           VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
          [threadId, index + 1, authorId, pseudonym !== null, pseudonym, m.body, m.replyTo === undefined ? null : posted[m.replyTo], at],
        )) as Array<{ id: string }>;
        posted.push(message.id);
        await this.audit.append(tx, {
          actor: pseudonym ? pseudonymActor(pseudonym) : userActor(authorId),
          action: 'message.created',
          entityType: 'message',
          entityId: message.id,
          subject: `thread:${threadId}`,
          data: {
            id: message.id,
            threadId,
            number: index + 1,
            author: pseudonym ? { kind: 'pseudonym', pseudonym } : { kind: 'member', id: authorId },
            body: m.body,
            replyToId: m.replyTo === undefined ? null : posted[m.replyTo],
            mentions: [],
          },
        });
        counts.messages++;
      }
      await tx.query(
        `UPDATE threads SET last_seq = $2::int, message_count = $2::int,
                last_message_at = (SELECT max(created_at) FROM messages WHERE thread_id = $1) WHERE id = $1`,
        [threadId, discussion.messages.length],
      );
    }

    for (const round of data.rounds) {
      await this.loadRound(tx, dialogue.id, round, { org, commitmentIds, userIds, curator });
      counts.rounds++;
      counts.reports += round.reports.length;
    }
    return counts;
  }

  /**
   * A demo round as the API and its tick would have left it: opened on its day with the
   * dialogue's open commitments in scope, the reports filed in answer, and, once its closing day
   * is past, closed by `system` with its figures. Days count back from the day the demo loads.
   */
  private async loadRound(
    tx: EntityManager,
    dialogueId: string,
    round: DemoRound,
    refs: { org: (key: string) => string; commitmentIds: Map<string, string>; userIds: Map<string, string>; curator: AuditActor },
  ): Promise<void> {
    const daysAgo = (days: number, hour = 9) => {
      const at = new Date();
      at.setUTCHours(hour, 0, 0, 0);
      at.setUTCDate(at.getUTCDate() - days);
      return at;
    };
    const day = (days: number) => daysAgo(days).toISOString().slice(0, 10);
    const closed = round.closesDaysAgo > 0;
    const [row] = (await tx.query(
      `INSERT INTO reporting_rounds (dialogue_id, title_en, title_fr, opens_on, due_on, closes_on, invite_assessments, state, opened_at,
                                     closed_at, closed_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $9) RETURNING id`,
      [
        dialogueId,
        round.title.en ?? null,
        round.title.fr ?? null,
        day(round.opensDaysAgo),
        day(round.dueDaysAgo),
        day(round.closesDaysAgo),
        round.inviteAssessments,
        closed ? 'closed' : 'open',
        daysAgo(round.opensDaysAgo, 0),
        closed ? daysAgo(round.closesDaysAgo - 1, 0) : null,
        closed ? 'system' : null,
      ],
    )) as Array<{ id: string }>;
    const requests = (await tx.query(
      `INSERT INTO report_requests (round_id, commitment_id, track, organization_id)
       SELECT $1, c.id, t.track, CASE WHEN t.track = 'self_report' THEN c.owner_id END
         FROM commitments c CROSS JOIN unnest($3::text[]) AS t(track)
        WHERE c.dialogue_id = $2 AND c.current_status NOT IN ('completed', 'withdrawn')
       RETURNING id`,
      [row.id, dialogueId, round.inviteAssessments ? ['self_report', 'independent_assessment'] : ['self_report']],
    )) as Array<{ id: string }>;
    const subject = `dialogue:${dialogueId}`;
    await this.audit.append(tx, {
      actor: refs.curator,
      action: 'round.created',
      entityType: 'round',
      entityId: row.id,
      subject,
      data: { title: round.title, opensOn: day(round.opensDaysAgo), dueOn: day(round.dueDaysAgo), closesOn: day(round.closesDaysAgo) },
    });
    await this.audit.append(tx, {
      actor: systemActor,
      action: 'round.opened',
      entityType: 'round',
      entityId: row.id,
      subject,
      records: requests.map((r) => ({ type: 'request' as const, id: r.id })),
      data: { roundId: row.id, requests: requests.length },
    });
    for (const r of round.reports) {
      const commitmentId = refs.commitmentIds.get(r.commitmentKey);
      if (!commitmentId) {
        throw new Error(`demo round: unknown commitment "${r.commitmentKey}"`);
      }
      await this.fileReport(
        tx,
        commitmentId,
        r,
        daysAgo(r.daysAgo),
        refs.org(r.organizationKey),
        r.authorEmail ? (refs.userIds.get(r.authorEmail) ?? null) : null,
      );
      await refreshCommitmentState(tx, commitmentId);
    }
    if (closed) {
      await this.audit.append(tx, {
        actor: systemActor,
        action: 'round.closed',
        entityType: 'round',
        entityId: row.id,
        subject,
        data: { roundId: row.id, by: 'system' },
      });
    }
  }

  /** One report as the report service writes it (without its notices: nobody follows anything yet). */
  private async fileReport(
    tx: EntityManager,
    commitmentId: string,
    r: Omit<DemoReport, 'date' | 'verified'>,
    createdAt: Date,
    organizationId: string,
    authorId: string | null,
  ): Promise<string> {
    const [rep] = (await tx.query(
      `INSERT INTO progress_reports (commitment_id, kind, status, percent, narrative_en, narrative_fr, evidence_links,
                                     author_id, author_name, organization_id, illustrative, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, true, $11) RETURNING id`,
      [
        commitmentId,
        r.kind,
        r.status,
        r.percent,
        r.narrative.en ?? null,
        r.narrative.fr ?? null,
        r.evidenceLinks,
        authorId,
        authorId ? null : (r.authorName ?? null),
        organizationId,
        createdAt,
      ],
    )) as Array<{ id: string }>;
    await this.audit.append(tx, {
      actor: authorId ? userActor(authorId) : systemActor,
      action: 'report.created',
      entityType: 'report',
      entityId: rep.id,
      subject: `commitment:${commitmentId}`,
      data: {
        id: rep.id,
        commitmentId,
        kind: r.kind,
        status: r.status,
        percent: r.percent,
        narrative: r.narrative,
        evidenceLinks: r.evidenceLinks,
        organizationId,
        illustrative: true,
      },
    });
    return rep.id;
  }
}
