import type { SubjectType, ThreadVisibility } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'threads' })
export class ThreadEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'subject_type', type: 'text', nullable: true }) subjectType: SubjectType | null;
  @Column({ name: 'subject_id', type: 'uuid', nullable: true }) subjectId: string | null;
  /** The dialogue whose participants may read a `participants` thread. */
  @Column({ name: 'dialogue_id', type: 'uuid', nullable: true }) dialogueId: string | null;
  @Column({ name: 'title_en', type: 'text', nullable: true }) titleEn: string | null;
  @Column({ name: 'title_fr', type: 'text', nullable: true }) titleFr: string | null;
  @Column({ type: 'text', default: 'public' }) visibility: ThreadVisibility;
  @Column({ type: 'boolean', default: false }) locked: boolean;
  /** Bumped by every message created, edited, hidden or deleted, so replay carries changes. */
  @Column({ name: 'last_seq', type: 'bigint', default: 0 }) lastSeq: string;
  @Column({ name: 'message_count', type: 'integer', default: 0 }) messageCount: number;
  @Column({ name: 'last_message_at', type: 'timestamptz', nullable: true }) lastMessageAt: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
