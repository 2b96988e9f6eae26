import type { MessageState } from '@suivi/contracts';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'messages' })
export class MessageEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ name: 'thread_id', type: 'uuid' }) threadId: string;
  /** Creation order in the thread: stable, for paging. */
  @Column({ type: 'bigint' }) number: string;
  /** Bumped by every change of the message, for replay. */
  @Column({ type: 'bigint' }) seq: string;
  /** Never leaves the server for a pseudonymous message (see DESIGN.md, Safe participation). */
  @Column({ name: 'author_id', type: 'uuid' }) authorId: string;
  @Column({ type: 'boolean', default: false }) pseudonymous: boolean;
  @Column({ type: 'text', nullable: true }) pseudonym: string | null;
  @Column({ type: 'text' }) body: string;
  @Column({ type: 'jsonb', default: () => "'[]'" }) mentions: unknown[];
  @Column({ name: 'hidden_reason', type: 'text', nullable: true }) hiddenReason: string | null;
  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true }) replyToId: string | null;
  @Column({ type: 'text', default: 'visible' }) state: MessageState;
  @Column({ name: 'edited_at', type: 'timestamptz', nullable: true }) editedAt: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
