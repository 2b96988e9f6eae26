import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ActivatedRoute, convertToParamMap, provideRouter } from '@angular/router';
import type { AuditEventView, AuditVerifyView, CheckpointView } from '@suivi/contracts';
import { BehaviorSubject } from 'rxjs';
import { apiError, settle, textOf, type } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { AdminAuditPageComponent, beforeParam, eventPages, withPurged } from './admin-audit-page.component';
import { AUDIT_PAGE_SIZE } from './audit-api.service';

const HEAD = 'a'.repeat(64);
const ACCOUNT = '8d0c2f4e-1111-4111-8111-111111111111';
const MESSAGE = '3f2a9b7c-2222-4222-8222-222222222222';

function event(seq: number, overrides: Partial<AuditEventView> = {}): AuditEventView {
  return {
    seq,
    at: '2026-12-01T10:00:00Z',
    actor: 'system',
    action: 'commitment.updated',
    entityType: 'commitment',
    entityId: 'c1',
    dataDigest: 'd'.repeat(64),
    prevHash: 'p'.repeat(64),
    hash: 'h'.repeat(64),
    purged: false,
    intact: true,
    actorName: null,
    ...overrides,
  };
}

function verified(overrides: Partial<AuditVerifyView> = {}): AuditVerifyView {
  return {
    valid: true,
    count: 120,
    head: HEAD,
    checkedAt: '2026-12-01T10:05:00Z',
    fullyVerifiedAt: '2026-12-01T09:00:00Z',
    ...overrides,
  };
}

const checkpoint: CheckpointView = { seq: 100, hash: 'c'.repeat(64), createdAt: '2026-11-30T00:00:00Z' };

/** The newest page: a message by a pseudonym, one by a named account, one altered, one purged. */
const newest: AuditEventView[] = [
  event(120, { actor: 'pseudonym:Baobab 4F2A', action: 'message.created', entityType: 'message', entityId: MESSAGE }),
  event(119, { actor: `user:${ACCOUNT}`, actorName: 'Awa Sidibé', action: 'message.hidden', entityType: 'message', entityId: MESSAGE }),
  event(118, { actor: `user:${ACCOUNT}`, actorName: 'Forged', intact: false }),
  event(117, { action: 'audit.purged', entityType: 'audit_event', entityId: '12' }),
  event(12, { purged: true, action: 'some.future_action', entityType: 'meeting', entityId: 'm1' }),
];

describe(AdminAuditPageComponent.name, () => {
  let fixture: ComponentFixture<AdminAuditPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let query: BehaviorSubject<ReturnType<typeof convertToParamMap>>;

  async function open(
    options: { lang?: 'en' | 'fr'; verify?: AuditVerifyView; events?: AuditEventView[]; before?: string } = {},
  ): Promise<void> {
    query = new BehaviorSubject(convertToParamMap(options.before ? { before: options.before } : {}));
    TestBed.configureTestingModule({
      imports: [AdminAuditPageComponent, translocoTesting()],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: ActivatedRoute, useValue: { queryParamMap: query } },
      ],
    });
    await TestBed.inject(LanguageService).use(options.lang ?? 'en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminAuditPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne('/api/audit/verify').flush(options.verify ?? verified());
    http.expectOne('/api/audit/checkpoints').flush([checkpoint]);
    const list = http.expectOne((r) => r.url === '/api/audit');
    expect(list.request.params.get('before')).toBe(options.before ?? null);
    expect(list.request.params.get('limit')).toBe(String(AUDIT_PAGE_SIZE));
    list.flush(options.events ?? newest);
    await stable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  /** Rendered, without waiting for the reads a write set off (whenStable would wait for their answers). */
  async function settled(): Promise<void> {
    await settle();
    fixture.detectChanges();
    await settle();
  }

  /** Answers the reads a write sets off: the chain's state, the events (and the checkpoints when asked). */
  async function answerReloads(options: { checkpoints?: CheckpointView[]; events?: AuditEventView[] } = {}): Promise<void> {
    await settled();
    if (options.checkpoints) {
      http.expectOne('/api/audit/checkpoints').flush(options.checkpoints);
    }
    http.expectOne('/api/audit/verify').flush(verified({ count: 121 }));
    http.expectOne((r) => r.url === '/api/audit').flush(options.events ?? newest);
    await stable();
  }

  function row(seq: number): HTMLTableRowElement {
    const found = [...el.querySelectorAll<HTMLTableRowElement>('tbody tr')].find((r) => textOf(r.cells[0]) === String(seq));
    if (!found) {
      throw new Error(`no row ${seq}`);
    }
    return found;
  }

  function button(root: ParentNode, label: string): HTMLButtonElement {
    const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b).startsWith(label));
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  function dialog(): HTMLElement {
    const found = el.querySelector<HTMLElement>('dialog[open]');
    if (!found) {
      throw new Error('no open dialog');
    }
    return found;
  }

  afterEach(() => http.verify());

  it('shows at a glance that the chain verifies, its length, its head to copy, its last full verification and the latest checkpoints', async () => {
    await open();

    const state = el.querySelector('.audit-state');
    expect(textOf(state?.querySelector('.verify-valid'))).toBe('The chain verifies: 120 events.');
    expect(textOf(state?.querySelector('.audit-hash'))).toBe(HEAD);
    expect(textOf(state)).toContain('Last full verification');
    expect(state?.querySelector('time')?.getAttribute('datetime')).toBe('2026-12-01T09:00:00Z');
    expect(textOf(el.querySelector('.checkpoint-list'))).toContain('Event no. 100');
    expect(textOf(el.querySelector('.checkpoint-list code'))).toBe(checkpoint.hash);
  });

  it('lists events newest first with who, what, about what, and whether each is intact or purged', async () => {
    await open();

    expect([...el.querySelectorAll('tbody tr')].map((r) => textOf(r.querySelector('td')))).toEqual(['120', '119', '118', '117', '12']);
    const cells = (seq: number) => [...row(seq).cells].map((c) => textOf(c));
    // A pseudonym stays a pseudonym; an account by its name; the actor column's label travels with the cell for phones.
    expect(cells(120).slice(2, 6)).toEqual(['Baobab 4F2A (pseudonym)', 'Message posted', `Message ${MESSAGE}`, 'Intact']);
    expect(cells(119).slice(2, 4)).toEqual(['Awa Sidibé', 'Message hidden']);
    expect(row(119).cells[2].getAttribute('data-label')).toBe('By');
    expect(cells(118)[5]).toBe('Altered: does not match its hash');
    expect(row(118).classList).toContain('is-altered');
    expect(cells(117).slice(2, 5)).toEqual(['System', 'Event purged', 'Event no. 12']);
    // An action or kind the translations do not know yet is shown as the chain records it.
    expect(cells(12).slice(3, 6)).toEqual(['some.future_action', 'meeting m1', 'Intact Purged']);
    expect(row(12).querySelector('button')).toBeNull();
    expect(textOf(row(120).querySelector('button'))).toBe('Purge event no. 120');
  });

  it('says the same in French', async () => {
    await open({ lang: 'fr' });

    expect(textOf(el.querySelector('h1'))).toBe('Registre de redevabilité');
    expect(textOf(el.querySelector('.verify-valid'))).toBe('La chaîne est vérifiée : 120 événements.');
    expect([...row(120).cells].map((c) => textOf(c)).slice(2, 4)).toEqual(['Baobab 4F2A (pseudonyme)', 'Message publié']);
    expect(textOf(row(117).cells[4])).toBe('Événement n° 12');
  });

  it('says where the chain breaks, and the record that no longer matches', async () => {
    await open({ verify: verified({ valid: false, brokenAt: 57, brokenRecord: `message:${MESSAGE}` }) });

    const broken = el.querySelector('.audit-broken');
    expect(textOf(broken?.querySelector('.verify-broken'))).toBe('The chain does not verify from event no. 57.');
    expect(textOf(broken)).toContain(`The record that no longer matches what the chain bound for it: Message ${MESSAGE}.`);
    expect(el.querySelector('.verify-valid')).toBeNull();
    // Past a break the count and the head are those of the part that still links, not the chain's.
    expect([...el.querySelectorAll('.audit-state dt')].map((dt) => textOf(dt)).slice(0, 2)).toEqual([
      'Events whose hashes still link',
      'Hash of the last of them',
    ]);
  });

  it('publishes a checkpoint, then shows it among the latest', async () => {
    await open();

    button(el, 'Publish a checkpoint').click();
    await settled();
    expect(textOf(button(el, 'Verifying'))).toBe('Verifying the whole chain, then publishing…');
    const published: CheckpointView = { seq: 121, hash: 'e'.repeat(64), createdAt: '2026-12-01T10:06:00Z' };
    const request = http.expectOne('/api/audit/checkpoints');
    expect(request.request.method).toBe('POST');
    request.flush(published);
    await answerReloads({ checkpoints: [published, checkpoint] });

    expect(textOf(el.querySelector('.audit-publish-result'))).toBe('Checkpoint published at event no. 121.');
    expect(textOf(el.querySelector('.checkpoint-list li'))).toContain('Event no. 121');
  });

  it.each([
    [
      'en',
      'No checkpoint was published: the chain does not verify from event no. 57. A checkpoint vouches for everything before it, so none can be published until the row is put back and a full verification passes.',
    ],
    [
      'fr',
      'Aucun point de contrôle n’a été publié : la chaîne ne se vérifie plus à partir de l’événement n° 57. Un point de contrôle garantit tout ce qui le précède ; aucun ne peut donc être publié tant que la ligne n’est pas remise en place et qu’une vérification complète n’a pas réussi.',
    ],
  ] as const)('says in words (%s) why a checkpoint is refused while the chain is broken', async (lang, sentence) => {
    await open({ lang });

    el.querySelector<HTMLButtonElement>('[aria-labelledby="audit-checkpoints-title"] button')?.click();
    await settled();
    http
      .expectOne('/api/audit/checkpoints')
      .flush(apiError(409, 'chain_broken', { firstBrokenSeq: 57 }), { status: 409, statusText: 'Conflict' });
    await answerReloads();

    expect(textOf(el.querySelector('.audit-publish-failure'))).toBe(sentence);
    expect(el.querySelector('.audit-publish-failure')?.closest('[role="alert"]')).not.toBeNull();
  });

  it('purges an event with a reason asked in a dialog that says what a purge does, then shows it purged', async () => {
    await open();

    button(row(120), 'Purge').click();
    await stable();
    expect(textOf(dialog().querySelector('h2'))).toBe('Purge event no. 120');
    expect(textOf(dialog().querySelector('.notice-warning'))).toContain('It cannot be undone.');
    expect(textOf(dialog().querySelector('.notice-warning'))).toContain('The purge is itself recorded as an event');
    expect(document.activeElement?.id).toBe('purge-reason');

    // Required, and more than a word.
    button(dialog(), 'Purge for good').click();
    await stable();
    expect(textOf(dialog().querySelector('#purge-reason-error'))).toContain('required');
    type(dialog(), '#purge-reason', 'why');
    await stable();
    button(dialog(), 'Purge for good').click();
    await stable();
    expect(textOf(dialog().querySelector('#purge-reason-error'))).toContain('at least 5 characters');
    expect(http.match('/api/audit/120/purge')).toHaveLength(0);

    type(dialog(), '#purge-reason', '  Names a witness  ');
    await stable();
    button(dialog(), 'Purge for good').click();
    await stable();
    const request = http.expectOne('/api/audit/120/purge');
    expect(request.request.body).toEqual({ reason: 'Names a witness' });
    request.flush({ ...newest[0], purged: true, intact: undefined });
    await settled();

    expect(el.querySelector('dialog[open]')).toBeNull();
    expect(textOf(row(120).cells[5])).toBe('Intact Purged');
    expect(row(120).querySelector('button')).toBeNull();
    expect(textOf(el.querySelector('.audit-purge-done'))).toBe('Event no. 120 is purged.');
    // The button that opened the dialog went with the purge: focus is on what happened.
    expect(document.activeElement).toBe(el.querySelector('.audit-purge-done'));
    // The purge erased the other event about the message and appended its own: read again.
    const after = [event(121, { action: 'audit.purged', entityType: 'audit_event', entityId: '120' }), ...newest.slice(0, 4)].map((e) =>
      e.entityId === MESSAGE ? { ...e, purged: true } : e,
    );
    await answerReloads({ events: after });
    expect(textOf(row(119).cells[5])).toBe('Intact Purged');
    expect(textOf(row(121).cells[3])).toBe('Event purged');
  });

  it('says so when the event was purged meanwhile, and reads the list again', async () => {
    await open();
    button(row(119), 'Purge').click();
    await stable();
    type(dialog(), '#purge-reason', 'Names a witness');
    await stable();
    button(dialog(), 'Purge for good').click();
    await stable();
    http.expectOne('/api/audit/119/purge').flush(apiError(409, 'event_purged', { seq: 119 }), { status: 409, statusText: 'Conflict' });
    await settled();

    expect(textOf(dialog().querySelector('.form-failure'))).toBe(
      'This event was already purged, by someone else in the meantime. The list now shows it.',
    );
    http.expectOne((r: TestRequest['request']) => r.url === '/api/audit').flush(withPurged(newest, { ...newest[1], purged: true }));
    await stable();
    expect(textOf(row(119).cells[5])).toBe('Intact Purged');
  });

  it('copies the head hash, or selects it where the browser gives no clipboard', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await open();

    button(el, 'Copy the head hash').click();
    await stable();
    expect(writeText).toHaveBeenCalledWith(HEAD);
    expect(textOf(el.querySelector('.audit-state .form-status'))).toBe('The head hash is copied.');

    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    button(el, 'Copy the head hash').click();
    await stable();
    expect(document.getSelection()?.toString()).toBe(HEAD);
    expect(textOf(el.querySelector('.audit-state .form-status'))).toBe(
      'The head hash is selected: copy it with your device’s copy command.',
    );
  });

  it('pages to older events by `before`, and back to newer ones', async () => {
    const links = () => [...el.querySelectorAll<HTMLAnchorElement>('nav.pager a')].map((a) => [textOf(a), a.getAttribute('href')]);
    await open({ before: '21', events: Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => event(20 - i)).filter((e) => e.seq > 0) });
    // The oldest events: nothing older; the page after the newest is newer.
    expect(links()).toEqual([['Newer events', '/?before=71']]);

    TestBed.resetTestingModule();
    await open({ before: '71', events: Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => event(70 - i)) });
    // With 120 events, the page before 71's newer one is the newest: no `before` at all.
    expect(links()).toEqual([
      ['Newest events', '/'],
      ['Older events', '/?before=21'],
    ]);
  });
});

describe('audit page helpers', () => {
  it('reads `before` as a sequence number above 1, else the newest page', () => {
    expect(beforeParam('71')).toBe(71);
    expect(['1', '0', '-3', 'x', '1.5', null].map(beforeParam)).toEqual([null, null, null, null, null, null]);
  });

  it('offers an older page only when this one is full and not at the start, and a newer one unless this is the newest', () => {
    const full = Array.from({ length: AUDIT_PAGE_SIZE }, (_, i) => event(120 - i));
    expect(eventPages(null, full, 120)).toEqual({ newer: null, older: { before: 71 } });
    expect(eventPages(null, full.slice(0, 10), 10)).toEqual({ newer: null, older: null });
    const second = full.map((e) => ({ ...e, seq: e.seq - 50 }));
    // From the second page, the newer one is the newest: no `before` at all.
    expect(eventPages(71, second, 120)).toEqual({ newer: { before: null }, older: { before: 21 } });
    expect(eventPages(21, second.slice(0, 20), 120)).toEqual({ newer: { before: 71 }, older: null });
    expect(eventPages(71, second, null)).toEqual({ newer: { before: 121 }, older: { before: 21 } });
  });
});
