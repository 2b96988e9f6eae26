import type { SanctionKind } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'sanctions' })
export class SanctionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId: string;
  @Column({ type: 'text' }) kind: SanctionKind;
  @Column({ type: 'timestamptz', nullable: true }) until: Date | null;
  @Column({ type: 'text' }) reason: string;
  @Column({ name: 'moderator_id', type: 'uuid', nullable: true }) moderatorId: string | null;
  @Column({ name: 'via_message_id', type: 'uuid', nullable: true }) viaMessageId: string | null;
  /** Reached through a pseudonymous message: shown only to the person restricted. */
  @Column({ name: 'through_pseudonym', type: 'boolean', default: false }) throughPseudonym: boolean;
  @Column({ name: 'lifted_at', type: 'timestamptz', nullable: true }) liftedAt: Date | null;
  @Column({ name: 'lifted_by', type: 'uuid', nullable: true }) liftedBy: string | null;
  @Column({ name: 'lift_reason', type: 'text', nullable: true }) liftReason: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
}
