import { messageView } from '../../testing/discussion';
import { highestSeq, mergeMessage, unionMessages, upsertMessages } from './message-merge';

const reader = { moderates: false };
const moderator = { moderates: true };

describe('message merge', () => {
  it('keeps one copy of a message that arrives twice (page and live, or live and replay)', () => {
    const list = upsertMessages([messageView(1), messageView(2)], [messageView(2), messageView(3), messageView(3)], reader);

    expect(list.map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('keeps the newest state by seq, whatever order the events come in', () => {
    const edited = messageView(2, { seq: 7, body: 'Corrected', editedAt: '2026-11-30T09:05:00Z' });
    const deleted = messageView(2, { seq: 9, state: 'deleted', body: null });

    const inOrder = upsertMessages(upsertMessages([messageView(2)], [edited], reader), [deleted], reader);
    const outOfOrder = upsertMessages(upsertMessages([messageView(2)], [deleted], reader), [edited], reader);

    expect(inOrder).toEqual([deleted]);
    expect(outOfOrder).toEqual([deleted]);
  });

  it('keeps "mine" known from the server’s answer when the room’s copy says false', () => {
    const own = messageView(4, { mine: true });
    const roomCopy = messageView(4, { mine: false });
    const roomEdit = messageView(4, { seq: 8, body: 'Edited', mine: false });

    expect(mergeMessage(own, roomCopy, reader).mine).toBe(true);
    expect(mergeMessage(own, roomEdit, reader)).toEqual({ ...roomEdit, mine: true });
    // The room's copy first, then the answer to one's own POST with the same seq.
    expect(mergeMessage(roomCopy, own, reader).mine).toBe(true);
  });

  it('keeps a hidden message’s words for a moderator only (the room’s event carries none)', () => {
    const shown = messageView(5, { body: 'Names someone' });
    const hidden = messageView(5, { seq: 10, state: 'hidden', body: null, hiddenReason: 'Endangers a witness' });

    expect(mergeMessage(shown, hidden, moderator)).toEqual({ ...hidden, body: 'Names someone' });
    expect(mergeMessage(shown, hidden, reader)).toEqual(hidden);
  });

  it('keeps no words on a moderator’s screen once the message is purged, whether it was shown or hidden before', () => {
    const shown = messageView(5, { body: 'Names someone' });
    const hidden = messageView(5, { seq: 10, state: 'hidden', body: 'Names someone', hiddenReason: 'Endangers a witness' });
    // The room's copy of a purge: hidden, no words; no reason where the message was visible.
    const purgedShown = messageView(5, { seq: 11, state: 'hidden', body: null, hiddenReason: null });
    const purgedHidden = messageView(5, { seq: 11, state: 'hidden', body: null, hiddenReason: 'Endangers a witness' });

    expect(mergeMessage(shown, purgedShown, moderator)).toEqual(purgedShown);
    expect(mergeMessage(hidden, purgedHidden, moderator)).toEqual(purgedHidden);
  });

  it('drops the quote of a message that is no longer visible from the replies on screen', () => {
    const quoted = messageView(1, { body: 'Names someone' });
    const reply = messageView(2, { replyTo: { id: 'm1', author: quoted.author, excerpt: 'Names someone' } });
    const other = messageView(3, { replyTo: { id: 'm9', author: quoted.author, excerpt: 'Something else' } });
    const purged = messageView(1, { seq: 12, state: 'hidden', body: null, hiddenReason: null });

    const list = upsertMessages([quoted, reply, other], [purged], moderator);

    expect(list.map((m) => m.replyTo?.excerpt ?? null)).toEqual([null, null, 'Something else']);
  });

  it('leaves out a change to a message older than those loaded: paging back reads it as it is', () => {
    const list = upsertMessages([messageView(10), messageView(11)], [messageView(3, { seq: 12, body: 'Old, edited' })], reader);

    expect(list.map((m) => m.id)).toEqual(['m10', 'm11']);
  });

  it('adds a new message before anything is loaded (a live event that beats the first page)', () => {
    expect(upsertMessages([], [messageView(5)], reader).map((m) => m.id)).toEqual(['m5']);
  });

  it('joins an older page in front, in creation order, without duplicates and without losing newer states', () => {
    const onScreen = [messageView(3, { seq: 9, body: 'Edited since' }), messageView(4)];
    const older = [messageView(1), messageView(2), messageView(3)];

    const list = unionMessages(onScreen, older, reader);

    expect(list.map((m) => `${m.id}:${m.seq}`)).toEqual(['m1:1', 'm2:2', 'm3:9', 'm4:4']);
  });

  it('tells the highest seq seen, and the page’s own when nothing is loaded', () => {
    expect(highestSeq([messageView(1, { seq: 12 }), messageView(2, { seq: 5 })], 8)).toBe(12);
    expect(highestSeq([], 8)).toBe(8);
    expect(highestSeq([], null)).toBeNull();
  });
});
