import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ModerationItem, ModerationQueuePage } from '@suivi/contracts';
import { settle, textOf } from '../../testing/accounts';
import { aminata, baobab, messageView, moderationItem } from '../../testing/discussion';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { LanguageService } from '../core/language.service';
import { AdminModerationPageComponent, MUTE_DURATIONS, inContext, muteUntil } from './admin-moderation-page.component';

function page(items: ModerationItem[]): ModerationQueuePage {
  return { items, total: items.length, page: 1, pageSize: 20, openFlags: items.filter((i) => i.flag.state === 'open').length };
}

describe(AdminModerationPageComponent.name, () => {
  let fixture: ComponentFixture<AdminModerationPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let sockets: FakeSocket[];

  async function open(items: ModerationItem[] = [moderationItem()]): Promise<void> {
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [AdminModerationPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminModerationPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne((r) => r.url === '/api/moderation/flags' && r.params.get('state') === 'open').flush(page(items));
    await stable();
    sockets[0]?.accept();
    await stable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  function button(label: string, root: ParentNode = el): HTMLButtonElement {
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

  async function reason(value: string): Promise<void> {
    const area = dialog().querySelector<HTMLTextAreaElement>('textarea');
    if (!area) {
      throw new Error('no reason field');
    }
    area.value = value;
    area.dispatchEvent(new Event('input'));
    await stable();
  }

  afterEach(() => http.verify());

  it('shows the flag, its reason and the message among those around it, the author as a pseudonym', async () => {
    await open();

    const card = el.querySelector('.moderation-card');
    expect(textOf(card?.querySelector('.moderation-reason'))).toBe('It points at someone');
    const context = [...(card?.querySelectorAll('.moderation-context > li') ?? [])];
    expect(context.map((li) => li.classList.contains('is-flagged'))).toEqual([false, true, false]);
    expect(textOf(context[1].querySelector('.author-name'))).toBe('Baobab 4F2A');
    expect(context[1].querySelector('strong')?.textContent).toBe('market');
    expect(card?.querySelector('a')?.getAttribute('href')).toBe('/discussions/11111111-1111-4111-8111-111111111111#message-m2');
  });

  it('upholds a flag with a reason and hides the message, in one decision', async () => {
    await open();

    button('Uphold').click();
    await stable();
    button('Uphold', dialog().querySelector('.form-actions') ?? dialog()).click();
    await stable();
    expect(dialog().querySelector('#moderation-reason-error')).not.toBeNull();

    await reason('Puts a witness at risk');
    button('Uphold', dialog().querySelector('.form-actions') ?? dialog()).click();
    await stable();
    const request = http.expectOne('/api/moderation/flags/f1/resolve');
    expect(request.request.body).toEqual({ decision: 'uphold', reason: 'Puts a witness at risk', hide: true });
    const resolved = moderationItem();
    request.flush({
      ...resolved,
      flag: { ...resolved.flag, state: 'upheld', resolution: 'Puts a witness at risk', resolvedAt: '2026-11-30T11:00:00Z' },
      message: { ...resolved.message, state: 'hidden', hiddenReason: 'Puts a witness at risk' },
    });
    await stable();

    expect(textOf(el.querySelector('.form-status'))).toBe('The report is upheld.');
    expect(textOf(el.querySelector('.moderation-card .badges'))).toContain('Upheld');
    expect([...el.querySelectorAll('.moderation-card button')].map((b) => textOf(b))).toEqual([
      'Sanction the author: report in Operationalise the Specialised Judicial Pole',
    ]);
  });

  it('mutes a pseudonymous author for the chosen time after a confirmation that names only the pseudonym', async () => {
    await open();

    button('Sanction the author').click();
    await stable();
    // The radio accessor takes [value]; the element itself has none: found by its label.
    const mute = [...dialog().querySelectorAll('label.check')].find((l) => textOf(l).startsWith('Stop them posting'));
    mute?.querySelector('input')?.click();
    await stable();
    const duration = dialog().querySelector<HTMLSelectElement>('#sanction-duration');
    if (!duration) {
      throw new Error('no duration');
    }
    duration.value = 'week';
    duration.dispatchEvent(new Event('change'));
    await reason('Repeated exposure of a clerk');
    button('Continue', dialog()).click();
    await stable();

    const confirm = textOf(dialog().querySelector('.notice-warning'));
    expect(confirm).toContain('You are about to stop from posting, for one week,');
    expect(confirm).toContain('Baobab 4F2A');
    expect(confirm).toContain('without revealing who they are');
    expect(http.match('/api/messages/m2/sanction')).toHaveLength(0);

    const before = Date.now();
    button('Confirm', dialog()).click();
    await stable();
    const request = http.expectOne('/api/messages/m2/sanction');
    const body = request.request.body as { kind: string; reason: string; until: string };
    expect(body.kind).toBe('mute');
    expect(body.reason).toBe('Repeated exposure of a clerk');
    const week = MUTE_DURATIONS.find((d) => d.key === 'week')?.ms ?? 0;
    expect(Date.parse(body.until) - before).toBeGreaterThanOrEqual(week - 1000);
    expect(Date.parse(body.until) - before).toBeLessThan(week + 60_000);
    request.flush({
      id: 's1',
      kind: 'mute',
      until: body.until,
      reason: body.reason,
      createdAt: '2026-11-30T11:00:00Z',
      target: baobab,
      throughPseudonym: true,
    });
    await stable();

    expect(textOf(el.querySelector('.form-status'))).toBe('The author is muted.');
    expect(textOf(el.querySelector('.moderation-card .notice-success'))).toContain('Baobab 4F2A');
  });

  it('says plainly that suspending a named author suspends their account', async () => {
    await open([moderationItem({ message: messageView(2, { author: aminata }) })]);

    button('Sanction the author').click();
    await stable();
    const suspend = [...dialog().querySelectorAll('label.check')].find((l) => textOf(l).startsWith('Bar them from posting'));
    suspend?.querySelector('input')?.click();
    await reason('Threats');
    button('Continue', dialog()).click();
    await stable();

    const confirm = textOf(dialog().querySelector('.notice-warning'));
    expect(confirm).toContain('You are about to suspend the account of Aminata Traoré');
    expect(confirm).toContain('can no longer sign in');
    expect(confirm).not.toContain('pseudonym');
  });

  it('goes back from the confirmation without taking the sanction', async () => {
    await open();
    button('Sanction the author').click();
    await stable();
    await reason('A warning first');
    button('Continue', dialog()).click();
    await stable();

    button('Back', dialog()).click();
    await stable();

    expect(dialog().querySelector('textarea')?.value).toBe('A warning first');
    expect(http.match(() => true)).toHaveLength(0);
  });

  it('joins the moderation room and shows a flag raised elsewhere at once, with the open count', async () => {
    await open();
    expect(sockets[0].subscriptions()).toContain('moderation');
    expect(textOf(el.querySelector('.moderation-open-count'))).toBe('Open reports: 1');

    const second = moderationItem({ flag: { ...moderationItem().flag, id: 'f2', reason: 'Names a witness' } });
    sockets[0].push('flag.created', { item: second, openFlags: 2 });
    await stable();

    expect([...el.querySelectorAll('.moderation-card .moderation-reason')].map((p) => textOf(p))).toEqual([
      'It points at someone',
      'Names a witness',
    ]);
    expect(textOf(el.querySelector('.moderation-open-count'))).toBe('Open reports: 2');
    expect(textOf(el.querySelector('.results-count'))).toBe('Reports: 2');
  });

  it('shows another moderator’s decision in place', async () => {
    await open();
    const item = moderationItem();
    const upheld = { ...item.flag, state: 'upheld' as const, resolution: 'Exposes a clerk', resolvedAt: '2026-11-30T11:00:00Z' };
    sockets[0].push('flag.resolved', { flagIds: ['f1'], item: { ...item, flag: upheld, history: [upheld] }, openFlags: 0 });
    await stable();

    expect(textOf(el.querySelector('.moderation-card .badges'))).toContain('Upheld');
    expect(textOf(el.querySelector('.moderation-open-count'))).toBe('Open reports: 0');
  });

  it('puts the flagged message among its context once, in thread order', () => {
    const item = moderationItem({ context: [messageView(3), messageView(1)] });

    expect(inContext(item).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
    expect(Date.parse(muteUntil('hour', 0))).toBe(60 * 60 * 1000);
  });
});
