import type { Locale } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The missing language of a report's narrative, appended later. */
@Entity({ name: 'report_translations' })
export class ReportTranslationEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'report_id', type: 'uuid' }) reportId: string;
  @Column({ type: 'text' }) locale: Locale;
  @Column({ type: 'text' }) narrative: string;
  @Column({ name: 'author_id', type: 'uuid', nullable: true }) authorId: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
