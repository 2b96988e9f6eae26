import type { MessageView } from '@suivi/contracts';

export interface MergeOptions {
  /**
   * The reader moderates: a live 'message.updated' goes to the whole room without a hidden
   * message's body, but a moderator still reads what was hidden (to unhide it knowingly).
   */
  moderates: boolean;
}

/**
 * One message as two sources know it (a page read, a live event, a replay). The higher `seq` is
 * the newer state; on a tie the known one stays. Live events carry `mine: false` because they go
 * to a whole room, so "mine" is kept once known.
 */
export function mergeMessage(known: MessageView | undefined, incoming: MessageView, options: MergeOptions): MessageView {
  if (!known) {
    return incoming;
  }
  if (incoming.seq <= known.seq) {
    return incoming.mine && !known.mine ? { ...known, mine: true } : known;
  }
  const mine = known.mine || incoming.mine;
  // A hide always gives a reason, and comes to a visible message. A purge leaves no reason on a
  // visible one and is the only change to a hidden one: its words are gone for moderators too.
  const keepBody =
    options.moderates &&
    incoming.state === 'hidden' &&
    incoming.body === null &&
    known.state === 'visible' &&
    incoming.hiddenReason !== null;
  return { ...incoming, mine, body: keepBody ? known.body : incoming.body };
}

/** A reply's quote of a message no longer visible quotes nothing, as the server then reads it. */
function withoutQuotesOf(list: MessageView[], gone: ReadonlySet<string>): MessageView[] {
  if (!gone.size) {
    return list;
  }
  return list.map((m) =>
    m.replyTo && gone.has(m.replyTo.id) && m.replyTo.excerpt !== null ? { ...m, replyTo: { ...m.replyTo, excerpt: null } } : m,
  );
}

/**
 * The messages on screen after `incoming` arrived: deduplicated by id, in creation order. A
 * change to a message older than the oldest one loaded is left out: paging back reads it as it
 * is now.
 */
export function upsertMessages(list: readonly MessageView[], incoming: readonly MessageView[], options: MergeOptions): MessageView[] {
  if (!incoming.length) {
    return list as MessageView[];
  }
  const byId = new Map(list.map((m) => [m.id, m]));
  const oldest = list.length ? list[0].number : null;
  for (const message of incoming) {
    const known = byId.get(message.id);
    if (!known && oldest !== null && message.number < oldest) {
      continue;
    }
    byId.set(message.id, mergeMessage(known, message, options));
  }
  const gone = new Set(incoming.filter((m) => m.state !== 'visible').map((m) => m.id));
  return withoutQuotesOf(
    [...byId.values()].sort((a, b) => a.number - b.number),
    gone,
  );
}

/** A page read from the server joined to what is on screen (older messages, or the first page after live ones). */
export function unionMessages(list: readonly MessageView[], older: readonly MessageView[], options: MergeOptions): MessageView[] {
  const byId = new Map(older.map((m) => [m.id, m]));
  for (const message of list) {
    byId.set(message.id, mergeMessage(byId.get(message.id), message, options));
  }
  return [...byId.values()].sort((a, b) => a.number - b.number);
}

/** The highest `seq` known: a rejoin asks for everything after it. */
export function highestSeq(list: readonly MessageView[], floor: number | null): number | null {
  return list.reduce<number | null>((max, m) => (max === null || m.seq > max ? m.seq : max), floor);
}
