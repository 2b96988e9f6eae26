import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'evidence_files' })
export class EvidenceFileEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'report_id', type: 'uuid', nullable: true }) reportId: string | null;
  @Column({ name: 'milestone_id', type: 'uuid', nullable: true }) milestoneId: string | null;
  @Column({ type: 'text' }) name: string;
  /** Checked from the bytes, never taken from the upload's claim. */
  @Column({ name: 'media_type', type: 'text' }) mediaType: string;
  @Column({ type: 'integer' }) size: number;
  @Column({ type: 'text' }) sha256: string;
  /** Which storage holds the bytes; 'database' keeps them in `content`. */
  @Column({ type: 'text', default: 'database' }) storage: string;
  @Column({ type: 'bytea', nullable: true, select: false }) content: Buffer | null;
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true }) uploadedBy: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
