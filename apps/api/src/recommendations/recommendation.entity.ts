import type { StakeholderGroup, Theme } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

@Entity({ name: 'recommendations' })
export class RecommendationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'dialogue_id', type: 'uuid' }) dialogueId: string;
  @Column({ type: 'text' }) code: string;
  @Column({ name: 'text_en', type: 'text', nullable: true }) textEn: string | null;
  @Column({ name: 'text_fr', type: 'text', nullable: true }) textFr: string | null;
  @Column({ name: 'addressed_to', type: 'text', array: true, default: () => "'{}'" }) addressedTo: StakeholderGroup[];
  @Column({ type: 'text', array: true, default: () => "'{}'" }) themes: Theme[];
  @VersionColumn() version: number;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
