import type { Bilingual } from './bilingual';
import type { ApiError, OrganizationRef, Page } from './views';
import { SUBJECT_TYPES, type FlagState, type MessageState, type SanctionKind, type SubjectType, type ThreadVisibility } from './vocabulary';

// Threads, messages and moderation (DESIGN.md, "Real time" and "Safe participation").

/** The 401/403 body for a thread the reader may not read: who may, so the page can say what to do. */
export interface ThreadRefusal extends ApiError {
  audience: Exclude<ThreadVisibility, 'public'>;
}

/**
 * Who wrote a message, as every reader sees it. The pseudonymous shape has no field that could
 * carry the person: not an id, not a name, not an organisation. "Is this mine" travels beside it
 * as a boolean computed for the reader.
 */
export type MessageAuthor =
  { kind: 'member'; id: string; name: string; organization: OrganizationRef | null } | { kind: 'pseudonym'; pseudonym: string };

export const MESSAGE_MAX_LENGTH = 4000;
/** An author may correct a message for this long after posting it. */
export const MESSAGE_EDIT_WINDOW_MS = 15 * 60 * 1000;
export const MESSAGE_PAGE_MAX = 100;
export const FLAG_REASON_MAX_LENGTH = 500;
export const MODERATION_REASON_MAX_LENGTH = 500;

export interface ThreadView {
  id: string;
  subjectType: SubjectType | null;
  subjectId: string | null;
  dialogueId: string | null;
  /** A channel's own title, or the title of the dialogue, recommendation or commitment it is about. */
  title: Bilingual;
  visibility: ThreadVisibility;
  locked: boolean;
  /** The newest `seq` of the thread: subscribe with `since` set to it to miss nothing after a page. */
  lastSeq: number;
  messageCount: number;
  lastMessageAt: string | null;
  createdAt: string;
  /** For the reader: may they post here, and may they post under a pseudonym. */
  canPost: boolean;
  canPostPseudonymously: boolean;
}

/** What the discussions list narrows to: threads about one kind of subject, or `general` (channels about none). */
export const THREAD_SUBJECT_FILTERS = [...SUBJECT_TYPES, 'general'] as const;
export type ThreadSubjectFilter = (typeof THREAD_SUBJECT_FILTERS)[number];

/** The list's order: latest activity first (threads with no message last), or most unread first. */
export const THREAD_SORTS = ['activity', 'unread'] as const;
export type ThreadSort = (typeof THREAD_SORTS)[number];
export const THREAD_SEARCH_MAX_LENGTH = 200;

/** `GET /threads` without a subject: every thread the reader may read, narrowed by these, a page at a time. */
export interface ThreadFilters {
  /** Full text, English and French: a thread's title (or what it discusses), and the visible messages of threads the reader may read. */
  q?: string;
  subject?: ThreadSubjectFilter;
  visibility?: ThreadVisibility;
  /** Only threads with messages the reader has not read (accounts that keep read marks only). */
  unread?: boolean;
  sort?: ThreadSort;
  page?: number;
  pageSize?: number;
}

/** One thread in the discussions list, with what the list says of it for this reader. */
export interface ThreadListItem extends ThreadView {
  /**
   * Messages posted since the reader last read the thread (all of them if never), deleted and
   * hidden ones included, since the thread shows their place; null for whoever keeps no read marks.
   */
  unread: number | null;
  /** With `q`: whether its title (or what it discusses) matched, or only its messages. */
  found: 'title' | 'messages' | null;
}

/** `POST /threads/:id/read`: the reader has seen the thread up to this message number. */
export interface ThreadReadInput {
  upTo: number;
}

export interface ThreadReadView {
  threadId: string;
  /** Never moves back: an older tab reporting an earlier message leaves it where it is. */
  lastReadNumber: number;
  unread: number;
}

/**
 * `GET /threads/:id/pseudonym`: the pseudonym the server would give the reader's next
 * pseudonymous message here, for the composer to show before sending. Only ever about the caller.
 */
export interface OwnPseudonymView {
  threadId: string;
  pseudonym: string;
}

export interface ThreadInput {
  title: Bilingual;
  visibility: ThreadVisibility;
  /** A `participants` thread needs a dialogue: its participating organisations may read it. */
  dialogueId?: string | null;
  subjectType?: SubjectType | null;
  subjectId?: string | null;
}

/** A mention as written: a member by id, or a pseudonym already visible in the thread. */
export type MentionInput = { kind: 'member'; id: string } | { kind: 'pseudonym'; pseudonym: string };

/** A mention as read: the label to highlight in the body (`@` + label). */
export type MentionView = { kind: 'member'; id: string; label: string } | { kind: 'pseudonym'; label: string };

export interface MessageInput {
  body: string;
  replyToId?: string | null;
  /** Civil-society members only: shown under a pseudonym stable for this person in this thread. */
  pseudonymous?: boolean;
  mentions?: MentionInput[];
}

export interface MessageEditInput {
  body: string;
  mentions?: MentionInput[];
}

export interface MessageView {
  id: string;
  threadId: string;
  /** Creation order; stable, used for paging. */
  number: number;
  /** Bumped by every change (created, edited, hidden, deleted): replay by it. */
  seq: number;
  author: MessageAuthor;
  /**
   * True when the reader wrote it. Live events are sent to a whole room, so they carry `false`;
   * a client keeps what it already knew for a message it has.
   */
  mine: boolean;
  /** Null when deleted, or hidden for a reader who does not moderate. */
  body: string | null;
  mentions: MentionView[];
  replyTo: { id: string; author: MessageAuthor; excerpt: string | null } | null;
  state: MessageState;
  /** Set when hidden: the moderator's reason, shown to everyone in place of the message. */
  hiddenReason: string | null;
  editedAt: string | null;
  createdAt: string;
  /** Open flags, for moderators only (0 for everyone else). */
  openFlags: number;
}

export interface MessagePage {
  items: MessageView[];
  /** Older messages exist before the first one of `items`. */
  hasMore: boolean;
  lastSeq: number;
}

export interface FlagInput {
  reason: string;
}

export interface FlagView {
  id: string;
  state: FlagState;
  reason: string;
  createdAt: string;
  resolvedAt: string | null;
  resolution: string | null;
}

/** One entry of the moderation queue: an open flag with its message and the messages around it. */
export interface ModerationItem {
  flag: FlagView;
  /** Every flag raised on the same message, open or not, oldest first. */
  history: FlagView[];
  message: MessageView;
  thread: Pick<ThreadView, 'id' | 'title' | 'visibility' | 'locked' | 'subjectType' | 'subjectId'>;
  /** A few messages before and after, for context. */
  context: MessageView[];
}

export type FlagDecision = 'uphold' | 'dismiss';

export interface FlagResolution {
  decision: FlagDecision;
  reason: string;
  /** With `uphold`: hide the message too (default true). */
  hide?: boolean;
}

export interface ModerationReason {
  reason: string;
}

export interface SanctionInput {
  kind: SanctionKind;
  /** End of a mute (ISO date-time, in the future). */
  until?: string | null;
  reason: string;
}

/**
 * A sanction as the moderator sees it after taking it: about the message's author, never naming
 * them when the message was pseudonymous.
 */
export interface SanctionView {
  id: string;
  kind: SanctionKind;
  until: string | null;
  reason: string;
  createdAt: string;
  target: MessageAuthor;
  /** Taken through a pseudonymous message: a restriction shown to the restricted person only. */
  throughPseudonym: boolean;
}

/** GET /me/restrictions: what limits the reader's own posting, shown only to them. */
export interface RestrictionView {
  id: string;
  kind: SanctionKind;
  until: string | null;
  reason: string;
  createdAt: string;
}

/** A member under their name: never a pseudonym, which typing would tie to the person. */
export type NamedAuthor = Extract<MessageAuthor, { kind: 'member' }>;

export interface TypingEvent {
  threadId: string;
  /**
   * `null` where the typist may post under a pseudonym (DESIGN.md, "Safe participation"):
   * nothing about who, shown as "Someone is typing…". Elsewhere the typist's name.
   */
  author: NamedAuthor | null;
}

/** The moderation queue's page, with the number of open flags whatever state is listed. */
export type ModerationQueuePage = Page<ModerationItem> & { openFlags: number };

/** Where a sanction stands: in force, over by itself (a mute past its end), or lifted by a moderator. */
export const SANCTION_STATES = ['active', 'expired', 'lifted'] as const;
export type SanctionState = (typeof SANCTION_STATES)[number];
/** The sanctions list's filter: in force, or over (expired or lifted). */
export const SANCTION_FILTERS = ['active', 'ended'] as const;
export type SanctionFilter = (typeof SANCTION_FILTERS)[number];

/** A member of the secretariat, as the moderation screens name them. */
export interface ModeratorRef {
  id: string;
  name: string;
}

/**
 * One entry of the secretariat's sanctions list. Reached through a pseudonymous message, the
 * target is the pseudonym, with the thread and message it came through: nothing else about the
 * person is read, so nothing else can be sent.
 */
export interface SanctionEntry extends SanctionView {
  state: SanctionState;
  thread: { id: string; title: Bilingual } | null;
  messageId: string | null;
  moderator: ModeratorRef | null;
  liftedAt: string | null;
  liftedBy: ModeratorRef | null;
  liftReason: string | null;
  /**
   * Whether `POST /moderation/sanctions/:id/lift` may take it back. Not when it is over, nor for a
   * named author's suspension: that is their account's suspension, reinstated from the accounts screen.
   */
  liftable: boolean;
}

export interface SanctionLift {
  reason: string;
}

/** To the `moderation` room: a new flag, with the queue's item and the new count of open flags. */
export interface FlagCreatedEvent {
  item: ModerationItem;
  openFlags: number;
}

/** To the `moderation` room: a decision settled these flags (every open flag on the message). */
export interface FlagResolvedEvent {
  flagIds: string[];
  item: ModerationItem;
  openFlags: number;
}
