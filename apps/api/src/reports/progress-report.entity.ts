import type { ProgressStatus, ReportKind } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Immutable once posted (a database trigger refuses UPDATE and DELETE). */
@Entity({ name: 'progress_reports' })
export class ProgressReportEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'commitment_id', type: 'uuid' }) commitmentId: string;
  @Column({ type: 'text' }) kind: ReportKind;
  @Column({ type: 'text' }) status: ProgressStatus;
  @Column({ type: 'smallint', nullable: true }) percent: number | null;
  @Column({ name: 'narrative_en', type: 'text', nullable: true }) narrativeEn: string | null;
  @Column({ name: 'narrative_fr', type: 'text', nullable: true }) narrativeFr: string | null;
  @Column({ name: 'evidence_links', type: 'text', array: true, default: () => "'{}'" }) evidenceLinks: string[];
  @Column({ name: 'indicator_values', type: 'jsonb', nullable: true }) indicatorValues: Record<string, number> | null;
  @Column({ name: 'author_id', type: 'uuid', nullable: true }) authorId: string | null;
  /** An invented author of demo data who has no account. */
  @Column({ name: 'author_name', type: 'text', nullable: true }) authorName: string | null;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'corrects_id', type: 'uuid', nullable: true }) correctsId: string | null;
  @Column({ type: 'boolean', default: false }) illustrative: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
