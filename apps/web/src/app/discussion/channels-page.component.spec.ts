import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideLocationMocks } from '@angular/common/testing';
import type { MeView, Page, ThreadListItem } from '@suivi/contracts';
import { civilOrg, loginResponse, meView, textOf } from '../../testing/accounts';
import { threadListItem } from '../../testing/discussion';
import { translocoTesting } from '../../testing/i18n-testing';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { ChannelsPageComponent, SEARCH_DEBOUNCE_MS } from './channels-page.component';

const civilMe = (): MeView => meView({ id: 'user-3', displayName: 'Moussa Keïta', organization: civilOrg });

function page(items: ThreadListItem[], total = items.length, n = 1): Page<ThreadListItem> {
  return { items, total, page: n, pageSize: 20 };
}

describe(ChannelsPageComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let router: Router;

  /** Lets a navigation started by a control finish (whenStable would wait for the pending request too). */
  const settle = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

  async function open(url: string, me: MeView | null = null, lang: 'en' | 'fr' = 'en'): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      imports: [translocoTesting()],
      providers: [
        provideRouter([{ path: 'discussions', component: ChannelsPageComponent }]),
        provideLocationMocks(),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    router.setUpLocationChangeListener();
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, ChannelsPageComponent);
    return harness.routeNativeElement as HTMLElement;
  }

  /** The list request, which must ask exactly `params`; answered with `body`. */
  async function expectList(params: Record<string, string>, body = page([threadListItem()])): Promise<void> {
    await settle();
    const req = http.expectOne((r) => r.url === '/api/threads');
    const sent = Object.fromEntries(req.request.params.keys().map((k) => [k, req.request.params.get(k)]));
    expect(sent).toEqual(params);
    req.flush(body);
    await harness.fixture.whenStable();
  }

  function select(el: HTMLElement, id: string, value: string): void {
    const control = el.querySelector<HTMLSelectElement>(`#${id}`);
    if (!control) {
      throw new Error(`no #${id}`);
    }
    control.value = value;
    control.dispatchEvent(new Event('change'));
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => http.verify());

  it('shows each thread with its unread count, who can read it and what it is about, and those not started apart, in French', async () => {
    const el = await open('/discussions', civilMe(), 'fr');
    await expectList(
      {},
      page([
        threadListItem({ id: 't1', messageCount: 12, unread: 3 }),
        threadListItem({
          id: 't2',
          title: { fr: 'Sécurité des informateurs' },
          visibility: 'group:civil_society',
          subjectType: null,
          subjectId: null,
          locked: true,
          messageCount: 1,
          unread: 0,
        }),
        threadListItem({ id: 't3', subjectType: 'recommendation', messageCount: 0, lastMessageAt: null, unread: 0 }),
      ]),
    );
    const active = [...el.querySelectorAll('.results > .channel-list > .channel-card')];
    const empty = [...el.querySelectorAll('.channel-empty .channel-card')];

    expect(active.map((c) => c.querySelector('a')?.getAttribute('href'))).toEqual(['/discussions/t1', '/discussions/t2']);
    expect(textOf(active[0].querySelector('.badges'))).toBe('3 non lus Publique Engagement');
    expect(active[0].classList).toContain('has-unread');
    expect(textOf(active[0].querySelector('.thread-audience'))).toBe(
      'Qui peut lire : tout le monde, connecté ou non ; les membres peuvent écrire.',
    );
    expect(textOf(active[1].querySelector('.badges'))).toBe('Espace protégé : Société civile Canal général Verrouillée');
    expect(textOf(active[1].querySelector('.thread-audience'))).toBe(
      'Qui peut lire : les membres de la société civile seulement (le secrétariat modère).',
    );
    expect(textOf(el.querySelector('.channel-empty h2'))).toBe('Pas encore commencées');
    expect(empty.map((c) => c.querySelector('a')?.getAttribute('href'))).toEqual(['/discussions/t3']);
    expect(textOf(empty[0].querySelector('.meta-line'))).toBe('Aucun message pour l’instant');
    expect(textOf(el.querySelector('.results-count'))).toBe('3 discussions');
  });

  it('asks the API for the view in the URL, shows the controls set to it, and says where a search matched', async () => {
    const el = await open('/discussions?q=puits&subject=general&visibility=group:civil_society&unread=true&sort=unread&page=2', civilMe());
    await expectList(
      { q: 'puits', subject: 'general', visibility: 'group:civil_society', unread: 'true', sort: 'unread', page: '2' },
      page([threadListItem({ id: 't1', found: 'messages', unread: 2 })], 21, 2),
    );

    expect(el.querySelector<HTMLInputElement>('#threads-q')?.value).toBe('puits');
    expect(el.querySelector<HTMLSelectElement>('#threads-subject')?.value).toBe('general');
    expect(el.querySelector<HTMLSelectElement>('#threads-visibility')?.value).toBe('group:civil_society');
    expect(el.querySelector<HTMLSelectElement>('#threads-sort')?.value).toBe('unread');
    expect(el.querySelector<HTMLInputElement>('input[name="unread"]')?.checked).toBe(true);
    expect(textOf(el.querySelector('.thread-found'))).toBe('Found in its messages.');
    // The pages keep the filters.
    expect([...el.querySelectorAll<HTMLAnchorElement>('.pager a')].map((a) => a.getAttribute('href'))).toEqual([
      '/discussions?q=puits&subject=general&visibility=group:civil_society&unread=true&sort=unread',
    ]);
  });

  it('puts a changed filter into the URL, back at page 1, and the search once typing pauses', async () => {
    const el = await open('/discussions?subject=commitment&page=3', civilMe());
    await expectList({ subject: 'commitment', page: '3' });

    select(el, 'threads-visibility', 'group:civil_society');
    await settle();
    expect(router.url).toBe('/discussions?subject=commitment&visibility=group:civil_society');
    await expectList({ subject: 'commitment', visibility: 'group:civil_society' });

    el.querySelector<HTMLInputElement>('input[name="unread"]')?.click();
    await settle();
    expect(router.url).toBe('/discussions?subject=commitment&visibility=group:civil_society&unread=true');
    await expectList({ subject: 'commitment', visibility: 'group:civil_society', unread: 'true' }, page([]));
    expect(textOf(el.querySelector('.results .notice'))).toBe('No discussion matches this search or these filters.');

    const input = el.querySelector<HTMLInputElement>('#threads-q');
    for (const text of ['t', 'té', 'témoin']) {
      if (input) {
        input.value = text;
        input.dispatchEvent(new Event('input'));
      }
      await settle(SEARCH_DEBOUNCE_MS / 4);
    }
    http.expectNone((r) => r.url === '/api/threads');
    await settle(SEARCH_DEBOUNCE_MS + 50);
    expect(router.url).toBe('/discussions?q=t%C3%A9moin&subject=commitment&visibility=group:civil_society&unread=true');
    await expectList({ subject: 'commitment', visibility: 'group:civil_society', unread: 'true', q: 'témoin' });

    expect(el.querySelector('.thread-filters-clear a')?.getAttribute('href')).toBe('/discussions');
  });

  it('offers a visitor no unread counts, and only the audiences they may read', async () => {
    // A shared link with unread filters: a visitor keeps none, so the list is asked without them.
    const el = await open('/discussions?unread=true&sort=unread&visibility=public');
    await expectList({ visibility: 'public' });

    expect(el.querySelector('#threads-sort')).toBeNull();
    expect(el.querySelector('input[name="unread"]')).toBeNull();
    // Public is all a visitor may read: no choice to offer.
    expect(el.querySelector('#threads-visibility')).toBeNull();
    expect(el.querySelector('.badge-unread')).toBeNull();
  });

  it('offers a civil-society member the audiences they may read, their safe space among them and no other group’s', async () => {
    const el = await open('/discussions', civilMe());
    await expectList({});

    const options = [...(el.querySelectorAll<HTMLOptionElement>('#threads-visibility option') ?? [])].map((o) => o.value);
    expect(options).toEqual(['', 'public', 'participants', 'group:civil_society']);
    expect(textOf(el.querySelector('#threads-visibility option[value="group:civil_society"]'))).toBe('Civil-society safe space');
  });
});
