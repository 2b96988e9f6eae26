import { DRAFT_KEY_PREFIX, forgetDrafts, forgetEmptyDrafts } from './device-drafts';

describe('drafts on the device', () => {
  const draft = (body: string, extra: object = {}) => JSON.stringify({ body, replyToId: null, mentions: [], savedAt: 1, ...extra });

  beforeEach(() => localStorage.clear());

  it('forgets, as the app starts, the drafts with nothing written that older versions kept for a ticked pseudonym box', () => {
    localStorage.setItem(`${DRAFT_KEY_PREFIX}u1.t1`, draft('', { pseudonymous: true }));
    localStorage.setItem(`${DRAFT_KEY_PREFIX}u1.t2`, draft('   ', { pseudonymous: false }));
    localStorage.setItem(`${DRAFT_KEY_PREFIX}u1.t3`, 'not json');
    localStorage.setItem(`${DRAFT_KEY_PREFIX}u1.t4`, draft('À moitié écrit', { pseudonymous: true }));
    localStorage.setItem(`${DRAFT_KEY_PREFIX}u1.t5`, draft('', { replyToId: 'm2' }));
    localStorage.setItem('suivi.language', 'fr');

    forgetEmptyDrafts(window);

    expect(Object.keys(localStorage).sort()).toEqual([`${DRAFT_KEY_PREFIX}u1.t4`, `${DRAFT_KEY_PREFIX}u1.t5`, 'suivi.language']);
  });

  it('forgets every draft at sign-out, and nothing else', () => {
    localStorage.setItem(`${DRAFT_KEY_PREFIX}u1.t4`, draft('À moitié écrit'));
    localStorage.setItem('suivi.language', 'fr');

    forgetDrafts(localStorage);

    expect(Object.keys(localStorage)).toEqual(['suivi.language']);
  });

  it('goes on where the browser refuses storage', () => {
    const refusing = Object.defineProperty({}, 'localStorage', {
      get: () => {
        throw new DOMException('denied', 'SecurityError');
      },
    }) as Window;

    expect(() => forgetEmptyDrafts(refusing)).not.toThrow();
    expect(() => forgetEmptyDrafts(null)).not.toThrow();
  });
});
