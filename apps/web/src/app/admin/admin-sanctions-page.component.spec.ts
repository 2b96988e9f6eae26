import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { Page, SanctionEntry } from '@suivi/contracts';
import { aminata, sanctionEntry } from '../../testing/discussion';
import { apiError, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { type FakeSocket, fakeSockets } from '../../testing/realtime';
import { LanguageService } from '../core/language.service';
import { AdminSanctionsPageComponent, withSanction } from './admin-sanctions-page.component';

function page(items: SanctionEntry[], extra: Partial<Page<SanctionEntry>> = {}): Page<SanctionEntry> {
  return { items, total: items.length, page: 1, pageSize: 20, ...extra };
}

describe(AdminSanctionsPageComponent.name, () => {
  let fixture: ComponentFixture<AdminSanctionsPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let sockets: FakeSocket[];

  async function open(items: SanctionEntry[] = [sanctionEntry()], lang: 'en' | 'fr' = 'en'): Promise<void> {
    const fake = fakeSockets();
    sockets = fake.sockets;
    TestBed.configureTestingModule({
      imports: [AdminSanctionsPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), fake.provider],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminSanctionsPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne((r) => r.url === '/api/moderation/sanctions' && !r.params.has('state')).flush(page(items));
    await stable();
    sockets[0]?.accept();
    await stable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  function dialog(): HTMLElement {
    const found = el.querySelector<HTMLElement>('dialog[open]');
    if (!found) {
      throw new Error('no open dialog');
    }
    return found;
  }

  function button(label: string, root: ParentNode = el): HTMLButtonElement {
    const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b).startsWith(label));
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  afterEach(() => http.verify());

  it('lists a pseudonymous sanction by the pseudonym, the discussion and the message it came through', async () => {
    await open();

    const card = el.querySelector('.sanction-card');
    expect(textOf(card?.querySelector('.card-title'))).toContain('Mute');
    expect(textOf(card?.querySelector('.card-title'))).toContain('Baobab 4F2A');
    expect(textOf(card?.querySelector('.badges'))).toContain('In force');
    expect(card?.querySelector('a')?.getAttribute('href')).toBe('/discussions/11111111-1111-4111-8111-111111111111#message-m2');
    expect(textOf(card?.querySelector('button'))).toBe('Lift the sanction on Baobab 4F2A');
  });

  it('lifts with a reason asked in a dialog, then shows it lifted in place', async () => {
    await open();

    button('Lift').click();
    await stable();
    expect(document.activeElement?.id).toBe('lift-reason');
    button('Lift the sanction', dialog().querySelector('.form-actions') ?? dialog()).click();
    await stable();
    expect(dialog().querySelector('#lift-reason-error')).not.toBeNull();
    expect(http.match('/api/moderation/sanctions/s1/lift')).toHaveLength(0);

    const area = dialog().querySelector<HTMLTextAreaElement>('textarea');
    if (!area) {
      throw new Error('no reason');
    }
    area.value = 'Muted by mistake';
    area.dispatchEvent(new Event('input'));
    await stable();
    button('Lift the sanction', dialog().querySelector('.form-actions') ?? dialog()).click();
    await stable();
    const request = http.expectOne('/api/moderation/sanctions/s1/lift');
    expect(request.request.body).toEqual({ reason: 'Muted by mistake' });
    request.flush(
      sanctionEntry({
        state: 'lifted',
        liftable: false,
        liftedAt: '2026-11-30T12:00:00Z',
        liftedBy: { id: 'user-9', name: 'Awa Sidibé' },
        liftReason: 'Muted by mistake',
      }),
    );
    await stable();

    expect(el.querySelector('dialog[open]')).toBeNull();
    expect(textOf(el.querySelector('.form-status'))).toBe('The sanction is lifted.');
    expect(textOf(el.querySelector('.sanction-card .badges'))).toContain('Lifted');
    expect(textOf(el.querySelector('.sanction-lift'))).toContain('Awa Sidibé: Muted by mistake');
    expect(el.querySelector('.sanction-card button')).toBeNull();
  });

  it('says why when the lift is refused, and reads the list again', async () => {
    await open();
    button('Lift').click();
    await stable();
    const area = dialog().querySelector<HTMLTextAreaElement>('textarea');
    if (area) {
      area.value = 'Too late?';
      area.dispatchEvent(new Event('input'));
    }
    await stable();
    button('Lift the sanction', dialog().querySelector('.form-actions') ?? dialog()).click();
    await stable();
    http
      .expectOne('/api/moderation/sanctions/s1/lift')
      .flush(apiError(409, 'already_done', { state: 'lifted' }), { status: 409, statusText: 'Conflict' });
    // Not whenStable(): the list is read again, a pending resource until answered.
    await settle();
    fixture.detectChanges();

    expect(textOf(dialog().querySelector('.form-failure'))).not.toBe('');
    http.expectOne((r) => r.url === '/api/moderation/sanctions').flush(page([sanctionEntry({ state: 'lifted', liftable: false })]));
    await stable();
  });

  it('sends a named author’s suspension to the accounts screen instead of lifting it', async () => {
    await open([sanctionEntry({ kind: 'suspend', until: null, target: aminata, throughPseudonym: false, liftable: false })]);

    const card = el.querySelector('.sanction-card');
    expect(textOf(card?.querySelector('.card-title'))).toContain('Account suspension');
    expect(card?.querySelector('button')).toBeNull();
    expect(card?.querySelector('.notice a')?.getAttribute('href')).toBe('/admin/accounts?status=suspended');
  });

  it('takes sanctions and lifts by other moderators live', async () => {
    await open();
    expect(sockets[0].subscriptions()).toContain('moderation');

    sockets[0].push('sanction.created', sanctionEntry({ id: 's2', kind: 'warning', until: null, reason: 'Keep it civil' }));
    await stable();
    expect([...el.querySelectorAll('.sanction-card .moderation-reason')].map((p) => textOf(p))).toEqual([
      'Reason: Keep it civil',
      'Reason: Repeated exposure of a clerk',
    ]);

    sockets[0].push('sanction.lifted', sanctionEntry({ state: 'lifted', liftable: false, liftReason: 'Appeal' }));
    await stable();
    expect(textOf(el.querySelectorAll('.sanction-card .badges')[1])).toContain('Lifted');
  });

  it('keeps a lifted sanction in view under "in force", and adds a new one only where it belongs', () => {
    const active = page([sanctionEntry()]);
    const lifted = sanctionEntry({ state: 'lifted' });
    expect(withSanction(active, lifted, 'active').items).toEqual([lifted]);
    expect(withSanction(active, sanctionEntry({ id: 's3', state: 'lifted' }), 'active')).toBe(active);
    expect(withSanction(page([], { page: 2, total: 20 }), sanctionEntry({ id: 's4' }), 'all')).toMatchObject({ items: [], total: 21 });
  });

  it('speaks French', async () => {
    await open([sanctionEntry()], 'fr');
    expect(textOf(el.querySelector('.sanction-card .card-title'))).toContain('Retrait de parole');
    expect(textOf(el.querySelector('.sanction-card button'))).toContain('Lever');
  });
});
