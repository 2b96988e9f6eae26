import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'milestones' })
export class MilestoneEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'commitment_id', type: 'uuid' }) commitmentId: string;
  @Column({ name: 'title_en', type: 'text', nullable: true }) titleEn: string | null;
  @Column({ name: 'title_fr', type: 'text', nullable: true }) titleFr: string | null;
  @Column({ name: 'planned_date', type: 'date', nullable: true }) plannedDate: string | null;
  @Column({ name: 'reached_date', type: 'date', nullable: true }) reachedDate: string | null;
  @Column({ type: 'text', nullable: true }) evidence: string | null;
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
