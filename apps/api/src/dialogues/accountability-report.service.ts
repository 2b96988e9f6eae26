import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccountabilityReportEntry, AccountabilityReportView, CommitmentSummary, Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { AuditService } from '../audit/audit.service';
import { bilingual } from '../common/bilingual';
import { Clock } from '../clock/clock';
import { commitmentSummaries } from '../commitments/commitments.service';
import { latestReportsOfDialogue } from '../reports/reports.service';
import { roundStatesOf, RoundsService } from '../rounds/rounds.service';
import { DialoguesService } from './dialogues.service';

/** Recommendation → commitments → latest self-report, latest assessment and latest round's state, with the dialogue's rounds, for printing. */
@Injectable()
export class AccountabilityReportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dialogues: DialoguesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly rounds: RoundsService,
  ) {}

  async build(dialogueId: string, viewer: Viewer | null): Promise<AccountabilityReportView> {
    const dialogue = await this.dialogues.get(dialogueId);
    const today = await this.clock.today();
    const [recommendations, commitments, links, latest, head, rounds] = await Promise.all([
      this.db.query('SELECT id, code, text_en, text_fr FROM recommendations WHERE dialogue_id = $1 ORDER BY code', [dialogueId]) as Promise<
        Array<{ id: string; code: string; text_en: string | null; text_fr: string | null }>
      >,
      commitmentSummaries(this.db, today, { dialogueId }),
      this.db.query(
        `SELECT cr.commitment_id, cr.recommendation_id FROM commitment_recommendations cr
           JOIN commitments c ON c.id = cr.commitment_id WHERE c.dialogue_id = $1`,
        [dialogueId],
      ) as Promise<Array<{ commitment_id: string; recommendation_id: string }>>,
      latestReportsOfDialogue(this.db, dialogueId, viewer),
      this.audit.head(),
      this.rounds.list(dialogueId),
    ]);
    const states = await roundStatesOf(
      this.db,
      commitments.map((c) => c.id),
      today,
    );
    const entry = (commitment: CommitmentSummary): AccountabilityReportEntry => ({
      commitment,
      latestSelfReport: latest.get(commitment.id)?.latestSelfReport ?? null,
      latestAssessment: latest.get(commitment.id)?.latestAssessment ?? null,
      latestRound: states.get(commitment.id)?.[0] ?? null,
    });
    const linked = new Set(links.map((l) => l.commitment_id));
    return {
      dialogue,
      rounds,
      recommendations: recommendations.map((r) => ({
        recommendation: { id: r.id, code: r.code, text: bilingual(r.text_en, r.text_fr) },
        commitments: commitments.filter((c) => links.some((l) => l.recommendation_id === r.id && l.commitment_id === c.id)).map(entry),
      })),
      unlinked: commitments.filter((c) => !linked.has(c.id)).map(entry),
      audit: head,
      generatedAt: new Date().toISOString(),
    };
  }
}
