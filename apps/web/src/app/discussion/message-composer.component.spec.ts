import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { MeView, ThreadView } from '@suivi/contracts';
import { civilOrg, loginResponse, meView, secretariatMe, settle, textOf } from '../../testing/accounts';
import { THREAD_ID, baobab, messageView, moussa, threadView, answerOwnPseudonym, answerReadMarks } from '../../testing/discussion';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { DRAFT_KEY_PREFIX } from './draft-storage';
import { MessageComposerComponent } from './message-composer.component';
import { ThreadStore } from './thread.store';

const civilMe = () => meView({ id: 'user-3', displayName: 'Moussa Keïta', organization: civilOrg });
const safeSpace = () => threadView({ visibility: 'group:civil_society', canPostPseudonymously: true });
const OWN_PSEUDONYM = 'Karité 7K3Q';
const draftKey = (userId: string) => `${DRAFT_KEY_PREFIX}${userId}.${THREAD_ID}`;

describe(MessageComposerComponent.name, () => {
  let fixture: ComponentFixture<MessageComposerComponent>;
  let http: HttpTestingController;
  let sockets: FakeSocket[];
  let el: HTMLElement;
  let pseudonymRequests = 0;
  let failPseudonym = false;

  function failOwnPseudonym(): number {
    const requests = http.match((r) => r.url.endsWith('/pseudonym'));
    requests.forEach((r) => r.flush({ message: 'unavailable' }, { status: 503, statusText: 'Service Unavailable' }));
    return requests.length;
  }

  async function open(thread: ThreadView, me: MeView = civilMe()): Promise<void> {
    pseudonymRequests = 0;
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [MessageComposerComponent, translocoTesting()],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        fake.provider,
        ThreadStore,
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).start(loginResponse(me));
    // The thread as its view has loaded it: the composer sends through the store.
    TestBed.inject(ThreadStore).thread.set(thread);
    fixture = TestBed.createComponent(MessageComposerComponent);
    fixture.componentRef.setInput('thread', thread);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne('/api/me/restrictions').flush([]);
    await stable();
    sockets[0]?.accept();
    await stable();
  }

  /**
   * Lets the component settle. The composer asks for the reader's pseudonym whenever the box is
   * ticked, and the fixture is not stable while a request waits: answered here, and looked at by
   * the tests about it.
   */
  async function stable(): Promise<void> {
    await settle();
    fixture.detectChanges();
    await settle();
    pseudonymRequests += failPseudonym ? failOwnPseudonym() : answerOwnPseudonym(http, OWN_PSEUDONYM);
    await fixture.whenStable();
  }

  const toggle = () => el.querySelector<HTMLInputElement>('.pseudonym-choice input[type="checkbox"]');
  const submit = () => el.querySelector<HTMLButtonElement>('.composer button[type="submit"]');

  async function typeText(value: string): Promise<void> {
    const area = el.querySelector<HTMLTextAreaElement>('.composer textarea');
    if (!area) {
      throw new Error('no composer');
    }
    area.value = value;
    area.dispatchEvent(new Event('input'));
    await stable();
  }

  async function click(input: HTMLElement | null): Promise<void> {
    input?.click();
    await stable();
  }

  /** Sends what is in the box; the server answers with `answer`. */
  async function send(answer = messageView(3, { mine: true })): Promise<unknown> {
    submit()?.click();
    await stable();
    const request = http.expectOne(`/api/threads/${THREAD_ID}/messages`);
    request.flush(answer);
    await stable();
    return request.request.body;
  }

  const typingSent = () => sockets[0].emitted.filter((e) => e.event === 'typing').map((e) => e.args[0]);
  const draftKeys = () => Object.keys(localStorage).filter((k) => k.startsWith(DRAFT_KEY_PREFIX));

  beforeEach(() => {
    localStorage.clear();
    failPseudonym = false;
  });
  afterEach(() => {
    // Read marks and the composer's pseudonym have specs of their own.
    answerReadMarks(http);
    answerOwnPseudonym(http);
    http.verify();
  });

  describe('the pseudonym box', () => {
    it('starts ticked in a safe space, for a member who may write under a pseudonym', async () => {
      await open(safeSpace());

      expect(toggle()?.checked).toBe(true);
      expect(submit()?.textContent?.trim()).toBe('Send under my pseudonym');
    });

    it('starts unticked elsewhere, as before', async () => {
      await open(threadView({ canPostPseudonymously: true }));

      expect(toggle()?.checked).toBe(false);
      expect(submit()?.textContent?.trim()).toBe('Send');
    });

    it('is not offered in a safe space to someone who may not use a pseudonym (the secretariat)', async () => {
      await open(threadView({ visibility: 'group:civil_society', canPostPseudonymously: false }), secretariatMe());

      expect(toggle()).toBeNull();
      await typeText('Nous relayons');
      expect(await send()).toEqual({ body: 'Nous relayons', replyToId: null, mentions: [] });
    });

    it('keeps the choice of a draft being written: unticked in a safe space if the person unticked it', async () => {
      localStorage.setItem(
        draftKey('user-3'),
        JSON.stringify({ body: 'Sous mon nom', replyToId: null, pseudonymous: false, mentions: [], savedAt: Date.now() }),
      );
      await open(safeSpace());

      expect(toggle()?.checked).toBe(false);
    });
  });

  describe('one’s own pseudonym before sending', () => {
    const preview = () => el.querySelector('.pseudonym-preview');

    it('shows the pseudonym the server will use, as soon as the box is ticked (at once in a safe space)', async () => {
      await open(safeSpace());

      expect(pseudonymRequests).toBe(1);
      expect(textOf(preview())).toBe(`In this discussion, others will see you as ${OWN_PSEUDONYM}. No one else can see that it is you.`);
      expect(preview()?.getAttribute('role')).toBe('status');
    });

    it('asks only while the box is ticked, and says nothing of it once unticked', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      expect(pseudonymRequests).toBe(0);
      expect(preview()).toBeNull();

      await click(toggle());
      expect(pseudonymRequests).toBe(1);
      expect(textOf(preview())).toContain(OWN_PSEUDONYM);

      await click(toggle());
      expect(preview()).toBeNull();
    });

    it('never asks for a person who may not write under a pseudonym', async () => {
      await open(threadView({ visibility: 'group:civil_society', canPostPseudonymously: false }), secretariatMe());

      expect(pseudonymRequests).toBe(0);
      expect(preview()).toBeNull();
    });

    it('keeps the pseudonym off the device: the draft holds the box, never the pseudonym', async () => {
      await open(safeSpace());
      await typeText('Le témoin a été menacé');

      expect(draftKeys()).toHaveLength(1);
      expect(Object.values(localStorage).join(' ')).not.toContain(OWN_PSEUDONYM);
      expect(Object.values(sessionStorage).join(' ')).not.toContain(OWN_PSEUDONYM);
    });

    it('says the message still goes out under the pseudonym when it cannot be shown', async () => {
      failPseudonym = true;
      await open(safeSpace());

      expect(textOf(preview())).toBe(
        'Your pseudonym could not be shown just now. Your message will still go out under it, not under your name.',
      );
      expect(toggle()?.checked).toBe(true);
    });
  });

  describe('typing', () => {
    it('says only that someone is typing, never whether it will be under a pseudonym', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      await click(toggle());
      await typeText('Deux juges');

      expect(typingSent()).toEqual([{ threadId: THREAD_ID }]);
    });
  });

  describe('the draft on the device', () => {
    it('keeps a draft being written with its box, so a reload does not change who it goes out as', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      await click(toggle());
      await typeText('Deux juges manquent');

      expect(JSON.parse(localStorage.getItem(draftKey('user-3')) ?? '{}')).toMatchObject({
        body: 'Deux juges manquent',
        pseudonymous: true,
      });
    });

    it('leaves nothing on the device once a pseudonymous message is sent', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      await click(toggle());
      await typeText('Deux juges manquent');

      expect(await send(messageView(3, { mine: true, author: baobab }))).toMatchObject({ pseudonymous: true });
      expect(draftKeys()).toEqual([]);
      // The box keeps its state on screen, for the next message here.
      expect(toggle()?.checked).toBe(true);
    });

    it('clears the draft as the message is sent, before the server has answered', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      await click(toggle());
      await typeText('En route');
      expect(draftKeys()).toEqual([draftKey('user-3')]);

      submit()?.click();
      await stable();
      const request = http.expectOne(`/api/threads/${THREAD_ID}/messages`);
      // On its way (a slow line, a phone taken meanwhile): nothing on the device says a pseudonym was used.
      expect(draftKeys()).toEqual([]);
      request.flush(messageView(3, { mine: true, author: baobab }));
      await stable();
      expect(draftKeys()).toEqual([]);
    });

    it('leaves nothing on the device once a message is sent under the person’s name either', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      await click(toggle());
      await typeText('Sous mon nom');
      await click(toggle());

      expect(await send(messageView(3, { mine: true, author: moussa }))).toEqual({ body: 'Sous mon nom', replyToId: null, mentions: [] });
      expect(draftKeys()).toEqual([]);
    });

    it('stores nothing for a ticked box with nothing written', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      await click(toggle());

      expect(draftKeys()).toEqual([]);
    });

    it('gives the draft back to the device when the server refuses the message', async () => {
      await open(threadView({ canPostPseudonymously: true }));
      await click(toggle());
      await typeText('Refusé');
      submit()?.click();
      await stable();
      http
        .expectOne(`/api/threads/${THREAD_ID}/messages`)
        .flush({ statusCode: 503, error: 'Service Unavailable', message: 'down' }, { status: 503, statusText: 'Service Unavailable' });
      await stable();

      expect(JSON.parse(localStorage.getItem(draftKey('user-3')) ?? '{}')).toMatchObject({ body: 'Refusé', pseudonymous: true });
    });
  });
});
