import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { OrganizationView } from '@suivi/contracts';
import { translocoTesting } from '../../testing/i18n-testing';
import { apiError, problem, choose, civilOrg, justiceOrg, organizations, settle, textOf, type } from '../../testing/accounts';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { LanguageService } from '../core/language.service';
import { AdminOrganizationsPageComponent } from './admin-organizations-page.component';

describe(AdminOrganizationsPageComponent.name, () => {
  let fixture: ComponentFixture<AdminOrganizationsPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [AdminOrganizationsPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminOrganizationsPageComponent);
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne('/api/organizations').flush(organizations.map((o) => ({ ...o, version: 3 })));
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function submit(): Promise<void> {
    el.querySelector<HTMLButtonElement>('form button[type="submit"]')?.click();
    await fixture.whenStable();
  }

  async function answer(request: TestRequest, body: unknown, status = 200): Promise<void> {
    request.flush(body, { status, statusText: 'x' });
    await settle();
    await fixture.whenStable();
  }

  it('lists the organisations by stakeholder group, both names shown', () => {
    const groups = [...el.querySelectorAll('section h2[id^="org-group-"]')].map(textOf);
    expect(groups).toEqual(['Government', 'Civil society', 'Secretariat']);
    const justice = el.querySelector('.org-card');
    expect(textOf(justice)).toContain('Ministère de la Justice');
    expect(textOf(justice)).toContain('(MJDH)');
  });

  it('shows and chooses any organisation’s focal points in a dialog; the secretariat itself has none', async () => {
    const buttons = () => [...el.querySelectorAll<HTMLButtonElement>('.org-card button')].map(textOf);
    expect(buttons()).toEqual([
      'Edit: MJDH',
      'Focal points: MJDH',
      'Edit: OCGS',
      'Focal points: OCGS',
      'Edit: Bamako roundtable secretariat',
    ]);

    [...el.querySelectorAll<HTMLButtonElement>('.org-card button')].find((b) => textOf(b) === 'Focal points: OCGS')?.click();
    await settle();
    fixture.detectChanges();
    await settle();
    http.expectOne(`/api/organizations/${civilOrg.id}/focal-points`).flush({
      organizationId: civilOrg.id,
      focalPoints: [{ id: 'u3', name: 'Awa Sangaré' }],
      members: [{ id: 'u3', name: 'Awa Sangaré' }],
    });
    await settle();
    await fixture.whenStable();

    const dialog = el.querySelector('dialog[open]');
    expect(textOf(dialog?.querySelector('h2'))).toBe('Focal points: OCGS');
    expect([...(dialog?.querySelectorAll('.focal-points li') ?? [])].map(textOf)).toEqual(['Awa Sangaré']);
    expect(textOf(dialog?.querySelector('suivi-focal-points button'))).toBe('Choose the focal points');
  });

  it('asks for a name in at least one language and a group', async () => {
    await submit();

    http.expectNone((r) => r.method === 'POST');
    expect(textOf(el.querySelector('#org-name-en-error'))).toBe('Error: Give the name in at least one language.');
    expect(textOf(el.querySelector('#org-group-error'))).toBe('Error: This information is required.');
    expect(document.activeElement?.id).toBe('org-name-en');
  });

  it('creates an organisation with a name in one language only', async () => {
    type(el, '#org-name-fr', 'Réseau des journalistes d’investigation');
    type(el, '#org-acronym', ' RJI ');
    choose(el, '#org-group', 'media');
    await submit();

    const request = http.expectOne('/api/organizations');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ name: { fr: 'Réseau des journalistes d’investigation' }, acronym: 'RJI', group: 'media' });
    const created: OrganizationView = {
      id: 'org-new',
      name: { fr: 'Réseau des journalistes d’investigation' },
      acronym: 'RJI',
      group: 'media',
      illustrative: false,
    };
    await answer(request, created, 201);

    expect(textOf(el.querySelector('.form-status'))).toBe('Added: Réseau des journalistes d’investigation.');
    expect([...el.querySelectorAll('section h2[id^="org-group-"]')].map(textOf)).toContain('Media');
    expect(el.querySelector<HTMLInputElement>('#org-name-fr')?.value).toBe('');
  });

  it('edits an organisation in place and maps a 400 to its field', async () => {
    const edit = [...el.querySelectorAll<HTMLButtonElement>('.org-card button')].find((b) => textOf(b).includes('OCGS'));
    edit?.click();
    await settle();
    await fixture.whenStable();
    expect(textOf(el.querySelector('#org-form-title'))).toBe('Edit the organisation');
    expect(el.querySelector<HTMLInputElement>('#org-name-en')?.value).toBe(civilOrg.name.en);
    expect(document.activeElement?.id).toBe('org-name-en');

    type(el, '#org-acronym', 'OCGS-SAHEL-OBSERVATOIRE-CITOYEN');
    await submit();
    expect(textOf(el.querySelector('#org-acronym-error'))).toBe('Error: Use at most 30 characters.');

    type(el, '#org-acronym', 'OCG');
    await submit();
    const refused = http.expectOne(`/api/organizations/${civilOrg.id}`);
    expect(refused.request.method).toBe('PATCH');
    expect(refused.request.body).toEqual({ name: civilOrg.name, acronym: 'OCG', group: 'civil_society', version: 3 });
    await answer(refused, apiError(400, 'invalid_input', {}, [problem('name.fr', 'too_long', { max: 200 })]), 400);
    expect(textOf(el.querySelector('#org-name-fr-error'))).toBe('Error: Use at most 200 characters.');

    type(el, '#org-name-fr', 'Observatoire citoyen');
    await submit();
    await answer(http.expectOne(`/api/organizations/${civilOrg.id}`), {
      ...civilOrg,
      acronym: 'OCG',
      name: { ...civilOrg.name, fr: 'Observatoire citoyen' },
    });

    expect(textOf(el.querySelector('#org-form-title'))).toBe('Add an organisation');
    expect(textOf(el.querySelector('.form-status'))).toContain('Saved:');
    expect(el.querySelectorAll('.org-card')).toHaveLength(organizations.length);
    expect(textOf(el.querySelectorAll('.org-card')[1])).toContain('(OCG)');
    expect(justiceOrg.acronym).toBe('MJDH');
  });

  it('says why a group cannot change under accounts, and what to do instead', async () => {
    const edit = [...el.querySelectorAll<HTMLButtonElement>('.org-card button')].find((b) => textOf(b).includes('MJDH'));
    edit?.click();
    await settle();
    await fixture.whenStable();
    expect(textOf(el.querySelector('#org-group-hint'))).toContain('For another group, add a new organisation.');
    expect(el.querySelector('#org-group')?.getAttribute('aria-describedby')).toBe('org-group-hint');

    choose(el, '#org-group', 'civil_society');
    await submit();
    await answer(
      http.expectOne(`/api/organizations/${justiceOrg.id}`),
      apiError(409, 'group_locked', { accounts: 4 }, [problem('group', 'group_locked', { accounts: 4 })]),
      409,
    );

    expect(textOf(el.querySelector('#org-group-error'))).toContain('This organisation has accounts (4), so its group cannot change');
    expect(textOf(el.querySelector('#org-group-error'))).toContain('Add a new organisation in the other group instead');
    expect(el.querySelector('#org-group')?.getAttribute('aria-describedby')).toBe('org-group-hint org-group-error');
    expect(document.activeElement?.id).toBe('org-group');
  });
});
