import type { StakeholderGroup, Theme } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, JoinTable, ManyToMany, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

import { CommitmentEntity } from '../commitments/commitment.entity';

@Entity({ name: 'recommendations' })
export class RecommendationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'dialogue_id', type: 'uuid' }) dialogueId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ name: 'text_en', type: 'text', nullable: true }) textEn: string | null;
  @Column({ name: 'text_fr', type: 'text', nullable: true }) textFr: string | null;
  @Column({ name: 'addressed_to', type: 'text', array: true, default: () => "'{}'" }) addressedTo: StakeholderGroup[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) themes: Theme[];
  /** The commitments that answer it (commitment_recommendations). */
  @ManyToMany(() => CommitmentEntity)
  @JoinTable({
    name: 'commitment_recommendations',
    joinColumn: { name: 'recommendation_id' },
    inverseJoinColumn: { name: 'commitment_id' },
  })
  commitments: CommitmentEntity[];
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
