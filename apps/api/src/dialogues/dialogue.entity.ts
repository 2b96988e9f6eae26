import type { DialogueStatus } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

import { OrganizationEntity } from '../organizations/organization.entity';

@Entity({ name: 'dialogues' })
export class DialogueEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'title_en', type: 'text', nullable: true }) titleEn: string | null;
  @Column({ name: 'title_fr', type: 'text', nullable: true }) titleFr: string | null;
  @Column({ name: 'summary_en', type: 'text', nullable: true }) summaryEn: string | null;
  @Column({ name: 'summary_fr', type: 'text', nullable: true }) summaryFr: string | null;
  @Column({ type: 'text', default: '' }) place: string;
  @Column({ name: 'start_date', type: 'date' }) startDate: string;
  @Column({ name: 'end_date', type: 'date' }) endDate: string;
  @Column({ type: 'text', default: 'planned' }) status: DialogueStatus;
  @ManyToMany(() => OrganizationEntity)
  @JoinTable({
    name: 'dialogue_participants',
    joinColumn: { name: 'dialogue_id' },
    inverseJoinColumn: { name: 'organization_id' },
  })
  participants: OrganizationEntity[];
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
