import type { FlagCreatedEvent, FlagResolvedEvent, MessageView, SanctionEntry, ThreadView, TypingEvent } from './discussion';
import type { RoundSummary, SecretariatQueues } from './rounds';
import type { NotificationView } from './tracking';
import type { CommitmentView, DashboardView, ReportView } from './views';

// Real-time rooms and events (DESIGN.md, "Real time"). Typed once, used by the gateway and
// the Angular client alike.

/** `moderation`: the secretariat's live moderation queue and sanctions list. */
export type Room = `thread:${string}` | `commitment:${string}` | `dialogue:${string}` | 'dashboard' | 'moderation';

/**
 * A room's id is a UUID as PostgreSQL writes it (lower case): anything else is refused before any
 * query (36 dashes once reached the database and failed there).
 */
export const ROOM_PATTERN =
  /^(thread|commitment|dialogue):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$|^dashboard$|^moderation$/;

export interface SubscribeRequest {
  room: Room;
  since?: number;
}

/**
 * A `subscribe` with `since` replays at most this many changes. Past that, nothing is replayed
 * and the ack says `truncated`: one client back from a long absence must not hold up everyone's
 * events while tens of thousands are sent, and reading the latest page is cheaper for it too.
 */
export const REPLAY_MAX = 500;

export type Ack = { ok: true; truncated?: true } | { ok: false; error: string };

export interface ServerToClientEvents {
  /** To a thread's room; replayed after `subscribe` with `since`, in `seq` order. */
  'message.created': (message: MessageView) => void;
  /** Edited, hidden, unhidden or deleted: the message's new state with its new `seq`. */
  'message.updated': (message: MessageView) => void;
  /** Locked, unlocked or renamed; `canPost` fields are left to a REST read, as they depend on the reader. */
  'thread.updated': (thread: Pick<ThreadView, 'id' | 'locked' | 'title' | 'visibility' | 'lastSeq'>) => void;
  typing: (t: TypingEvent) => void;
  'report.created': (report: ReportView) => void;
  'commitment.updated': (commitment: CommitmentView) => void;
  'dashboard.updated': (dashboard: Pick<DashboardView, 'totals'> & { generatedAt: string }) => void;
  presence: (p: { room: Room; count: number }) => void;
  /** To the user's own room only. */
  notification: (n: NotificationView) => void;
  // To the `moderation` room (secretariat only): what the queue and the sanctions list show,
  // a pseudonymous author as the pseudonym only.
  'flag.created': (e: FlagCreatedEvent) => void;
  'flag.resolved': (e: FlagResolvedEvent) => void;
  'sanction.created': (s: SanctionEntry) => void;
  'sanction.lifted': (s: SanctionEntry) => void;
  /** To the `moderation` room (secretariat only): the queues' counts after a change to any of them. */
  'queues.updated': (q: SecretariatQueues) => void;
  /** To the round's `dialogue:<id>` room: its state, dates and completion after a report, an edit, its opening or closing. */
  'round.updated': (round: RoundSummary) => void;
}

export interface ClientToServerEvents {
  subscribe: (req: SubscribeRequest, ack: (a: Ack) => void) => void;
  unsubscribe: (req: { room: Room }, ack: (a: Ack) => void) => void;
  /**
   * "I am typing" in a thread. The server alone decides how it is shown (see TypingEvent); what
   * else a client sends (older versions sent `pseudonymous`) is ignored.
   */
  typing: (req: { threadId: string }) => void;
}
