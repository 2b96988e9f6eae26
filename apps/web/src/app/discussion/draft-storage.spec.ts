import { TestBed } from '@angular/core/testing';
import { baobab } from '../../testing/discussion';
import { DRAFT_KEY_PREFIX, DRAFT_MAX_AGE_MS, DraftStorage, parseDraft } from './draft-storage';

describe(DraftStorage.name, () => {
  let sut: DraftStorage;
  const draft = { body: 'Les juges sont-ils en poste ?', replyToId: 'm2', pseudonymous: true, mentions: [baobab] };

  beforeEach(() => {
    localStorage.clear();
    sut = TestBed.inject(DraftStorage);
  });

  it('keeps a draft per person and thread, on the device', () => {
    sut.save('user-1', 't1', draft, 1000);

    expect(sut.load('user-1', 't1', 2000)).toEqual({ ...draft, savedAt: 1000 });
    expect(sut.load('user-1', 't2', 2000)).toBeNull();
    // Someone else on the same browser does not get it.
    expect(sut.load('user-2', 't1', 2000)).toBeNull();
    expect(Object.keys(localStorage)).toEqual([`${DRAFT_KEY_PREFIX}user-1.t1`]);
  });

  it('forgets a draft once it is cleared (sent) or emptied', () => {
    sut.save('user-1', 't1', draft);
    sut.clear('user-1', 't1');
    expect(sut.load('user-1', 't1')).toBeNull();

    sut.save('user-1', 't1', draft);
    sut.save('user-1', 't1', { ...draft, body: '   ', replyToId: null, pseudonymous: false });
    expect(localStorage.length).toBe(0);
  });

  // Security review, finding 18: a seized phone must not show that its owner wrote under a
  // pseudonym in a thread. A draft being written may keep its box; an empty one keeps nothing.
  it('keeps nothing for a ticked box with no text: nothing says a pseudonym was used here', () => {
    sut.save('user-1', 't1', { body: 'Sent a moment ago', replyToId: null, pseudonymous: true, mentions: [] }, 1000);
    sut.save('user-1', 't1', { body: '', replyToId: null, pseudonymous: true, mentions: [] }, 2000);

    expect(sut.load('user-1', 't1', 3000)).toBeNull();
    expect(localStorage.length).toBe(0);
  });

  it('does not offer a draft a month old', () => {
    sut.save('user-1', 't1', draft, 0);

    expect(sut.load('user-1', 't1', DRAFT_MAX_AGE_MS + 1)).toBeNull();
  });

  it('ignores what is not a well-formed draft, and keeps only well-formed mentions', () => {
    expect(parseDraft('not json')).toBeNull();
    expect(parseDraft('{"body": 3, "savedAt": 1}')).toBeNull();
    expect(parseDraft(JSON.stringify({ body: 'x', savedAt: 1, mentions: [{ kind: 'member', id: 'u' }, baobab, 'junk'] }))).toEqual({
      body: 'x',
      replyToId: null,
      pseudonymous: false,
      mentions: [baobab],
      savedAt: 1,
    });
  });

  it('goes on without storage when the browser refuses it (private mode, full)', () => {
    const setItem = jest.spyOn(Storage.prototype, 'setItem').mockImplementation(() => {
      throw new Error('QuotaExceededError');
    });

    expect(() => sut.save('user-1', 't1', draft)).not.toThrow();
    setItem.mockRestore();
  });
});
