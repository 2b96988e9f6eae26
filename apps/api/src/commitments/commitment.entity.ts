import type { Indicator, ProgressStatus, Region, Theme } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

import { OrganizationEntity } from '../organizations/organization.entity';

@Entity({ name: 'commitments' })
export class CommitmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'dialogue_id', type: 'uuid' }) dialogueId: string;
  @Column({ name: 'title_en', type: 'text', nullable: true }) titleEn: string | null;
  @Column({ name: 'title_fr', type: 'text', nullable: true }) titleFr: string | null;
  @Column({ name: 'description_en', type: 'text', nullable: true }) descriptionEn: string | null;
  @Column({ name: 'description_fr', type: 'text', nullable: true }) descriptionFr: string | null;
  @Column({ name: 'owner_id', type: 'uuid' }) ownerId: string;
  @Column({ type: 'text', array: true, default: () => "'{}'" }) themes: Theme[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) regions: Region[];
  @Column({ name: 'start_date', type: 'date', nullable: true }) startDate: string | null;
  @Column({ name: 'due_date', type: 'date', nullable: true }) dueDate: string | null;
  @Column({ type: 'jsonb', default: () => "'[]'" }) indicators: Indicator[];
  // Derived columns: only the report service writes them (see reports/commitment-state.ts).
  @Column({ name: 'current_status', type: 'text', default: 'not_started' }) currentStatus: ProgressStatus;
  @Column({ name: 'verified_status', type: 'text', nullable: true }) verifiedStatus: ProgressStatus | null;
  @Column({ name: 'assessed_status', type: 'text', nullable: true }) assessedStatus: ProgressStatus | null;
  @Column({ type: 'boolean', insert: false, update: false }) contested: boolean;
  @Column({ name: 'last_report_at', type: 'timestamptz', nullable: true }) lastReportAt: Date | null;
  @ManyToMany(() => OrganizationEntity)
  @JoinTable({
    name: 'commitment_supporters',
    joinColumn: { name: 'commitment_id' },
    inverseJoinColumn: { name: 'organization_id' },
  })
  supporters: OrganizationEntity[];
  // Its recommendations (commitment_recommendations) are described on RecommendationEntity:
  // recommendations read commitments, never the other way round.
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
