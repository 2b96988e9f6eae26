import type { FlagState } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'flags' })
export class FlagEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'message_id', type: 'uuid' }) messageId: string;
  @Column({ name: 'reporter_id', type: 'uuid' }) reporterId: string;
  @Column({ type: 'text' }) reason: string;
  @Column({ type: 'text', default: 'open' }) state: FlagState;
  @Column({ name: 'moderator_id', type: 'uuid', nullable: true }) moderatorId: string | null;
  @Column({ type: 'text', nullable: true }) resolution: string | null;
  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true }) resolvedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
