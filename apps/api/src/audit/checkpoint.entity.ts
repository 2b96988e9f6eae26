import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'audit_checkpoints' })
export class CheckpointEntity {
  @PrimaryColumn({ type: 'bigint' }) seq: string;
  @Column({ type: 'text' }) hash: string;
  @Column({ type: 'text' }) reason: 'daily' | 'manual';
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
