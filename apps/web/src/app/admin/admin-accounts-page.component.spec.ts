import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { provideLocationMocks } from '@angular/common/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { Page, UserAdminView } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import {
  adminUser,
  apiError,
  problem,
  choose,
  civilOrg,
  loginResponse,
  organizations,
  secretariatMe,
  secretariatOrg,
  settle,
  textOf,
  type,
} from '../../testing/accounts';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { AdminAccountsPageComponent, pendingFirst } from './admin-accounts-page.component';

const active = adminUser({ id: 'u-active', displayName: 'Boubacar Diarra', email: 'boubacar@example.org' });
const pending = adminUser({
  id: 'u-pending',
  displayName: 'Aminata Traoré',
  email: 'aminata@example.org',
  status: 'pending',
  approvedAt: null,
});
const suspended = adminUser({ id: 'u-suspended', displayName: 'Ousmane Sidibé', status: 'suspended' });

function page(items: UserAdminView[], total = items.length): Page<UserAdminView> {
  return { items, total, page: 1, pageSize: 20 };
}

describe(AdminAccountsPageComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(url = '/admin/accounts', users = [active, pending, suspended]): Promise<void> {
    await harness.navigateByUrl(url, AdminAccountsPageComponent);
    el = harness.routeNativeElement as HTMLElement;
    http.expectOne((r) => r.url === '/api/users').flush(page(users));
    http.expectOne('/api/organizations').flush(organizations);
    await harness.fixture.whenStable();
  }

  function card(name: string): HTMLElement {
    const found = [...el.querySelectorAll<HTMLElement>('.account-card')].find((c) => textOf(c.querySelector('h3')) === name);
    if (!found) {
      throw new Error(`no card for ${name}`);
    }
    return found;
  }

  function button(root: HTMLElement, label: string): HTMLButtonElement {
    const found = [...root.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b).startsWith(label));
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  function radio(value: string): HTMLInputElement {
    const found = dialog().querySelector<HTMLInputElement>(`input[type="radio"][value="${value}"]`);
    if (!found) {
      throw new Error(`no radio ${value}`);
    }
    return found;
  }

  function dialog(): HTMLDialogElement {
    const found = el.querySelector<HTMLDialogElement>('dialog');
    if (!found) {
      throw new Error('no dialog');
    }
    return found;
  }

  async function click(target: HTMLElement): Promise<void> {
    target.click();
    await settle();
    await harness.fixture.whenStable();
  }

  async function answer(request: TestRequest, body: unknown, status = 200): Promise<void> {
    request.flush(body, { status, statusText: status === 200 ? 'OK' : 'Error' });
    await settle();
    await harness.fixture.whenStable();
  }

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [translocoTesting()],
      providers: [
        provideRouter([{ path: 'admin/accounts', component: AdminAccountsPageComponent }]),
        provideLocationMocks(),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    await TestBed.inject(LanguageService).use('en');
    TestBed.inject(AuthService).start(loginResponse(secretariatMe()));
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(Router).setUpLocationChangeListener();
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  it('asks for the accounts the URL filters, and lists pending ones first', async () => {
    await harness.navigateByUrl('/admin/accounts?role=member&q=ami&status=bogus', AdminAccountsPageComponent);
    el = harness.routeNativeElement as HTMLElement;
    const request = http.expectOne((r) => r.url === '/api/users');
    expect(request.request.params.keys().map((k) => [k, request.request.params.get(k)])).toEqual([
      ['role', 'member'],
      ['q', 'ami'],
    ]);
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-1');
    request.flush(page([active, suspended, pending]));
    http.expectOne('/api/organizations').flush(organizations);
    await harness.fixture.whenStable();

    const names = [...el.querySelectorAll('.account-card h3')].map(textOf);
    expect(names).toEqual(['Aminata Traoré', 'Boubacar Diarra', 'Ousmane Sidibé']);
    expect(textOf(card('Aminata Traoré').querySelector('.account-waiting'))).toBe('Waits for: approval');
    expect(el.querySelector<HTMLSelectElement>('#accounts-role')?.value).toBe('member');
    expect(el.querySelector<HTMLInputElement>('#accounts-q')?.value).toBe('ami');
  });

  it('filters by status through the URL', async () => {
    await open();

    choose(el, '#accounts-status', 'pending');
    await settle();

    expect(TestBed.inject(Router).url).toBe('/admin/accounts?status=pending');
    http.expectOne((r) => r.url === '/api/users' && r.params.get('status') === 'pending').flush(page([pending]));
  });

  it('offers each account the actions its status allows', async () => {
    await open();

    const labels = (name: string) => [...card(name).querySelectorAll('.account-actions button')].map((b) => textOf(b).split(':')[0]);
    expect(labels('Aminata Traoré')).toEqual(['Approve', 'Suspend', 'Change role or organisation', 'Reset link']);
    expect(labels('Boubacar Diarra')).toEqual(['Suspend', 'Change role or organisation', 'Reset link']);
    expect(labels('Ousmane Sidibé')).toEqual(['Reinstate', 'Change role or organisation', 'Reset link']);
  });

  it('says whom a civil-society newcomer waits for: a member, a voucher, or a second secretariat account', async () => {
    const newcomer = (id: string, displayName: string, over: Partial<UserAdminView>) =>
      adminUser({ id, displayName, status: 'pending', organization: civilOrg, awaitingConfirmation: true, ...over });
    await open('/admin/accounts', [
      newcomer('u-member', 'Awa Maïga', { confirmationBy: 'member', approvedAt: null }),
      newcomer('u-vouch', 'Hawa Cissé', { confirmationBy: 'vouch', approvedBy: 'user-other' }),
      newcomer('u-start', 'Fanta Konaté', { confirmationBy: 'secretariat', approvedBy: 'user-other' }),
      newcomer('u-mine', 'Salif Diallo', { confirmationBy: 'secretariat', approvedBy: 'user-sec' }),
      newcomer('u-confirmed', 'Kadiatou Sow', {
        confirmationBy: null,
        awaitingConfirmation: false,
        approvedAt: null,
        confirmedBy: 'user-sec',
      }),
    ]);
    const waits = (name: string) => textOf(card(name).querySelector('.account-waiting'));
    const labels = (name: string) => [...card(name).querySelectorAll('.account-actions button')].map((b) => textOf(b).split(':')[0]);

    expect(waits('Awa Maïga')).toBe('Waits for: approval · confirmation by a member of the organisation');
    expect(waits('Hawa Cissé')).toBe(
      'Waits for: a member of another civil-society organisation to vouch for them (this organisation has no active member yet)',
    );
    expect(labels('Hawa Cissé')).toEqual(['Suspend', 'Change role or organisation', 'Reset link']);
    expect(waits('Fanta Konaté')).toContain('confirmation by a second secretariat account');
    expect(labels('Fanta Konaté')).toEqual(['Confirm', 'Suspend', 'Change role or organisation', 'Reset link']);
    // The account that approved may not also confirm, nor the one that confirmed also approve.
    expect(labels('Salif Diallo')).not.toContain('Confirm');
    expect(textOf(card('Salif Diallo').querySelector('.account-two-keys'))).toBe(
      'You approved this account: another secretariat account confirms it.',
    );
    expect(labels('Kadiatou Sow')).not.toContain('Approve');
    expect(textOf(card('Kadiatou Sow').querySelector('.account-two-keys'))).toBe(
      'You confirmed this account: another secretariat account approves it.',
    );

    await click(button(card('Fanta Konaté'), 'Confirm'));
    expect(textOf(dialog().querySelector('h2'))).toBe('Confirm Fanta Konaté');
    expect(textOf(dialog())).toContain('one approves, the other confirms');
    expect(dialog().querySelector('#decision-reason')).toBeNull();
    await click(button(dialog(), 'Confirm'));
    const request = http.expectOne('/api/users/u-start/confirm');
    expect(request.request.method).toBe('POST');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    harness.detectChanges();
    // The answer has no body: the list is read again for the account's new state.
    await answer(
      http.expectOne((r) => r.url === '/api/users'),
      page([adminUser({ id: 'u-start', displayName: 'Fanta Konaté', organization: civilOrg, confirmedBy: 'user-sec' })]),
    );

    expect(dialog().open).toBe(false);
    expect(textOf(el.querySelector('.form-status'))).toBe('Confirmed: Fanta Konaté.');
    expect(textOf(card('Fanta Konaté').querySelector('.badge'))).toBe('Active');
  });

  it('approves an account with the reason asked for in a dialog', async () => {
    await open();
    await click(button(card('Aminata Traoré'), 'Approve'));

    expect(dialog().open).toBe(true);
    expect(textOf(dialog().querySelector('h2'))).toBe('Approve Aminata Traoré');
    expect(dialog().getAttribute('aria-labelledby')).toBe(dialog().querySelector('h2')?.id);
    expect(document.activeElement?.id).toBe('decision-reason');

    await click(button(dialog(), 'Approve'));
    http.expectNone((r) => r.url.includes('/approve'));
    expect(textOf(dialog().querySelector('#decision-reason-error'))).toBe('Error: This information is required.');
    expect(document.activeElement?.id).toBe('decision-reason');

    type(dialog(), '#decision-reason', 'Known to the secretariat from the roundtable');
    await click(button(dialog(), 'Approve'));
    const request = http.expectOne('/api/users/u-pending/approve');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ reason: 'Known to the secretariat from the roundtable' });
    await answer(request, { ...pending, status: 'active', approvedAt: '2026-11-22T10:00:00Z' });

    expect(dialog().open).toBe(false);
    expect(textOf(card('Aminata Traoré').querySelector('.badge'))).toBe('Active');
    expect(textOf(el.querySelector('.form-status'))).toBe('Approved: Aminata Traoré.');
  });

  it('suspends and reinstates, each with its reason', async () => {
    await open();

    await click(button(card('Boubacar Diarra'), 'Suspend'));
    type(dialog(), '#decision-reason', 'Shared his password');
    await click(button(dialog(), 'Suspend'));
    const suspend = http.expectOne('/api/users/u-active/suspend');
    expect(suspend.request.body).toEqual({ reason: 'Shared his password' });
    await answer(suspend, { ...active, status: 'suspended' });
    expect(textOf(card('Boubacar Diarra').querySelector('.badge'))).toBe('Suspended');

    await click(button(card('Ousmane Sidibé'), 'Reinstate'));
    expect(el.querySelector<HTMLTextAreaElement>('#decision-reason')?.value).toBe('');
    type(dialog(), '#decision-reason', 'Cleared after review');
    await click(button(dialog(), 'Reinstate'));
    const reinstate = http.expectOne('/api/users/u-suspended/reinstate');
    expect(reinstate.request.body).toEqual({ reason: 'Cleared after review' });
    await answer(reinstate, { ...suspended, status: 'active' });
    expect(textOf(el.querySelector('.form-status'))).toBe('Reinstated: Ousmane Sidibé.');
  });

  it('keeps the dialog and the reason when the server refuses, and says why', async () => {
    await open();
    await click(button(card('Boubacar Diarra'), 'Suspend'));
    type(dialog(), '#decision-reason', 'Shared his password');
    await click(button(dialog(), 'Suspend'));

    await answer(http.expectOne('/api/users/u-active/suspend'), apiError(409, 'conflict'), 409);

    expect(dialog().open).toBe(true);
    expect(textOf(dialog().querySelector('[role="alert"]'))).toContain('Someone changed this in the meantime');
    expect(el.querySelector<HTMLTextAreaElement>('#decision-reason')?.value).toBe('Shared his password');
  });

  it('gives the secretariat role only within a secretariat organisation', async () => {
    await open();
    await click(button(card('Boubacar Diarra'), 'Change role or organisation'));
    choose(dialog(), '#decision-role', 'secretariat');
    type(dialog(), '#decision-reason', 'Joins the secretariat');

    await click(button(dialog(), 'Save the change'));

    http.expectNone((r) => r.method === 'PATCH');
    expect(textOf(dialog().querySelector('#decision-role-error'))).toBe(
      'Error: The secretariat role is only for members of a secretariat organisation.',
    );
    expect(document.activeElement?.id).toBe('decision-role');

    choose(dialog(), '#decision-organization', secretariatOrg.id);
    await click(button(dialog(), 'Save the change'));
    const request = http.expectOne('/api/users/u-active');
    expect(request.request.method).toBe('PATCH');
    expect(request.request.body).toEqual({ role: 'secretariat', organizationId: secretariatOrg.id, reason: 'Joins the secretariat' });
    await answer(request, { ...active, role: 'secretariat', organization: secretariatOrg });

    expect(textOf(el.querySelector('.form-status'))).toBe('Changed: Boubacar Diarra.');
    expect(textOf(card('Boubacar Diarra').querySelector('.badges'))).toContain('Secretariat');
  });

  it('puts the server’s 400 about a role on the role field', async () => {
    await open();
    await click(button(card('Boubacar Diarra'), 'Change role or organisation'));
    choose(dialog(), '#decision-role', 'secretariat');
    choose(dialog(), '#decision-organization', secretariatOrg.id);
    type(dialog(), '#decision-reason', 'Joins the secretariat');
    await click(button(dialog(), 'Save the change'));

    await answer(
      http.expectOne('/api/users/u-active'),
      apiError(400, 'invalid_input', {}, [problem('role', 'secretariat_organization')]),
      400,
    );

    expect(textOf(dialog().querySelector('#decision-role-error'))).toContain('only for members of a secretariat organisation');
    expect(dialog().querySelector('[role="alert"]')).toBeNull();
  });

  it('issues a reset link, shows its full address to copy, its expiry and how to hand it over', async () => {
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await open();
    await click(button(card('Boubacar Diarra'), 'Reset link'));
    expect(textOf(dialog().querySelector('h2'))).toBe('Reset link for Boubacar Diarra');
    // What a reset does to the person's earlier pseudonymous messages comes first.
    expect(textOf(dialog().querySelector('form > :first-child'))).toBe(
      'Their earlier pseudonymous messages will no longer be linked to their account: they will not be able to edit or delete them or ' +
        'hear of replies, and they will write under new pseudonyms. If they still know their password, they should change it from ' +
        'their account instead.',
    );

    // By mail is the default; handing it over is the other choice, and the button says so.
    expect(button(dialog(), 'Send the link')).toBeTruthy();
    await click(radio('hand'));
    await click(button(dialog(), 'Issue the link'));
    const request = http.expectOne('/api/users/u-active/reset-link');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ deliver: 'hand' });
    await answer(request, { path: '/reset?token=abc123', expiresAt: '2026-11-23T10:00:00Z' });
    await settle();

    const input = dialog().querySelector<HTMLInputElement>('#reset-link-url');
    expect(input?.value).toBe(`${location.origin}/reset?token=abc123`);
    expect(input?.readOnly).toBe(true);
    expect(document.activeElement).toBe(input);
    expect(textOf(dialog())).toContain('Valid until Nov 23, 2026');
    expect(textOf(dialog())).toContain('over a channel they trust');

    await click(button(dialog(), 'Copy'));
    expect(writeText).toHaveBeenCalledWith(`${location.origin}/reset?token=abc123`);
    expect(textOf(dialog().querySelector('.form-status'))).toBe('The link is copied.');
  });

  it('sends a reset link by mail to the person’s own address, and shows where and until when, never the link', async () => {
    await open();
    await click(button(card('Boubacar Diarra'), 'Reset link'));
    const choices = [...dialog().querySelectorAll<HTMLInputElement>('fieldset.reset-delivery input[type="radio"]')];
    expect(textOf(dialog().querySelector('fieldset.reset-delivery legend'))).toBe('How the link reaches the person');
    expect(choices.map((c) => [textOf(c.closest('label')), c.checked])).toEqual([
      ['Send it by mail to the person To boubacar@example.org, their own address: you never see the link.', true],
      ['Show the link to hand over When the person cannot read that mailbox: you hand it over a channel they trust.', false],
    ]);
    expect(choices[0].getAttribute('aria-describedby')).toBe('deliver-mail-hint');

    await click(button(dialog(), 'Send the link'));
    const request = http.expectOne('/api/users/u-active/reset-link');
    expect(request.request.body).toEqual({ deliver: 'mail' });
    await answer(request, { mailed: true, email: 'boubacar@example.org', expiresAt: '2026-11-23T10:00:00Z' });
    await settle();

    const notice = dialog().querySelector<HTMLElement>('.reset-link-mailed');
    const [sent, valid] = [...(notice?.querySelectorAll('p') ?? [])].map(textOf);
    expect(sent).toBe('Sent to boubacar@example.org.');
    expect(valid).toMatch(/^Valid until Nov 23, 2026, .+, and only once\.$/);
    expect(document.activeElement).toBe(notice);
    expect(dialog().querySelector('#reset-link-url')).toBeNull();
    expect(dialog().querySelector('a[href="/admin/mail-failures"]')?.textContent?.trim()).toBe('Mail failures');
  });

  it('does not offer to suspend or demote one’s own account', async () => {
    await open('/admin/accounts', [adminUser({ id: 'user-sec', displayName: 'Mariam Coulibaly', role: 'secretariat' })]);

    const labels = [...card('Mariam Coulibaly').querySelectorAll('.account-actions button')].map((b) => textOf(b).split(':')[0]);
    expect(labels).toEqual(['Reset link']);
  });
});

describe('pendingFirst', () => {
  it('moves pending accounts to the top and keeps the server’s order otherwise', () => {
    const a = adminUser({ id: 'a' });
    const b = adminUser({ id: 'b', status: 'pending' });
    const c = adminUser({ id: 'c', status: 'suspended' });
    const d = adminUser({ id: 'd', status: 'pending' });
    expect(pendingFirst([a, b, c, d]).map((u) => u.id)).toEqual(['b', 'd', 'a', 'c']);
  });
});
