import type { MessageView } from './discussion';
import type { Room } from './events';
import type { NotificationView } from './tracking';

// What a write sets off (DESIGN.md, "Durable effects are rows written in the write's own
// transaction"). A service records these inside its transaction; durable effects (notification
// rows, later outbox rows for mail) are written in that same transaction, and ephemeral ones
// (socket pushes) run after the commit. A rolled-back transaction sets off nothing.
//
// An event says what happened, with what the write already had in hand; listeners read the
// rest. Carrying a view the write already built (a message as its room sees it) saves a read
// per event on the busiest path, chat.

export type DomainEvent =
  /** A message as everyone in its room may see it: no "mine", no hidden words, no flag counts. */
  | { type: 'message.created'; message: MessageView }
  /** Edited, hidden, shown again or deleted: its new state, with its new seq, as its room sees it. */
  | { type: 'message.updated'; message: MessageView }
  /** Locked, unlocked or renamed. */
  | { type: 'thread.updated'; threadId: string }
  /** Written, corrected or translated: the report as the public reads it goes to its commitment's room. */
  | {
      type: 'report.created';
      commitmentId: string;
      reportId: string;
      /** The report was translated, not filed: nothing new to verify. */ translated?: true;
    }
  /** A commitment's state, status or content changed: its room and the dashboard hear it. */
  | { type: 'commitment.updated'; commitmentId: string }
  /** Many commitments at once (an import): the dashboard's totals. */
  | { type: 'dashboard.updated' }
  | { type: 'flag.created'; flagId: string }
  | { type: 'flag.resolved'; flagId: string; flagIds: string[] }
  | { type: 'sanction.created'; sanctionId: string }
  | { type: 'sanction.lifted'; sanctionId: string }
  /**
   * A purge erased a record's words (a message's body, an evidence file's bytes), inside its
   * transaction and before the purge binds the record: the record's own feature tells whoever
   * shows it (a message moves to a new seq and is announced, as a hide is).
   */
  | { type: 'record.erased'; recordType: ErasableRecord; id: string }
  /** A notification row written in the transaction: its person's own sockets hear it. */
  | { type: 'notification.created'; userId: string; notification: NotificationView }
  /**
   * What some people may read changed (a dialogue's participants, an organisation's group):
   * every socket in these rooms, or of these accounts, is checked again and leaves the rooms it
   * may no longer read.
   */
  | { type: 'access.changed'; rooms?: Room[]; userIds?: string[] }
  /**
   * A password set through a reset link began a new pseudonym epoch: what the account reached
   * through the earlier one (notices, read marks, answered idempotency keys) goes in the same transaction.
   */
  | { type: 'account.epoch_advanced'; userId: string }
  // The follow-up routine: the people who act are told (notification rows in the write's
  // transaction), and the rooms showing a round or the secretariat's queues hear the change.
  /** The secretariat verified a report: its organisation is told. */
  | { type: 'report.verified'; commitmentId: string; reportId: string; organizationId: string | null }
  /** A commitment became contested (it was not before this write): its owner organisation is told. */
  | { type: 'commitment.contested'; commitmentId: string }
  /** An account now waits for the secretariat's approval. */
  | { type: 'account.waiting'; userId: string }
  /** A civil-society newcomer now waits for a member's confirmation or a voucher (DESIGN.md, "Safe participation"). */
  | { type: 'newcomer.waiting'; userId: string }
  /** An account left the secretariat's queue (approved, suspended) or any queue count may have moved. */
  | { type: 'queues.changed' }
  /** A round opened: its scope is frozen and its requests exist; the people asked are told. */
  | { type: 'round.opened'; roundId: string; dialogueId: string }
  /** A round's dates, title, state or completion may have changed. */
  | { type: 'round.updated'; roundId: string; dialogueId: string }
  /** Notification rows written in the transaction, once per batch: the mail outbox takes those its people want at once. */
  | { type: 'notifications.created'; ids: string[] }
  /** The secretariat decided on an account (approved, suspended, reinstated): its holder is told by mail. */
  | { type: 'account.decided'; userId: string; decision: 'approved' | 'suspended' | 'reinstated' }
  /** Outbox rows were written in the transaction: this instance's mail worker wakes after the commit. */
  | { type: 'mail.queued' };

/** The records a purge reaches, as the audit's record table names them. */
export type ErasableRecord = 'message' | 'evidence';

export type DomainEventType = DomainEvent['type'];
export type DomainEventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
