import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { FocalPointsView } from '@suivi/contracts';
import { apiError, buttonNamed, problem, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { FocalPointsComponent } from './focal-points.component';

const URL = '/api/organizations/org-justice/focal-points';

function view(focalPoints: FocalPointsView['focalPoints'] = []): FocalPointsView {
  return {
    organizationId: 'org-justice',
    focalPoints,
    members: [
      { id: 'u1', name: 'Boubacar Diarra' },
      { id: 'u2', name: 'Fatoumata Keïta' },
    ],
  };
}

describe(FocalPointsComponent.name, () => {
  let fixture: ComponentFixture<FocalPointsComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [FocalPointsComponent, translocoTesting()],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(FocalPointsComponent);
    fixture.componentRef.setInput('organizationId', 'org-justice');
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  function check(name: string): void {
    const box = [...el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((i) => textOf(i.closest('label')) === name);
    box?.click();
  }

  afterEach(() => http.verify());

  it('says that every active member receives the requests while none is chosen, in both languages', async () => {
    await open();
    http.expectOne(URL).flush(view());
    await stable();

    expect(textOf(el.querySelector('.focal-points-none'))).toBe(
      'No focal point is chosen: every active member receives the organisation’s requests.',
    );
    await TestBed.inject(LanguageService).use('fr');
    await stable();
    expect(textOf(el.querySelector('.focal-points-none'))).toBe(
      'Aucun point focal n’est désigné : chaque membre actif reçoit les demandes adressées à l’organisation.',
    );
  });

  it('chooses focal points among the members, and shows the list the server saved', async () => {
    await open();
    http.expectOne(URL).flush(view([{ id: 'u1', name: 'Boubacar Diarra' }]));
    await stable();
    expect([...el.querySelectorAll('.focal-points li')].map(textOf)).toEqual(['Boubacar Diarra']);

    buttonNamed(el, 'Choose the focal points').click();
    await stable();
    const boxes = [...el.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    expect(boxes.map((b) => [textOf(b.closest('label')), b.checked])).toEqual([
      ['Boubacar Diarra', true],
      ['Fatoumata Keïta', false],
    ]);
    check('Boubacar Diarra');
    check('Fatoumata Keïta');
    buttonNamed(el, 'Save the focal points').click();
    await stable();

    const put = http.expectOne(URL);
    expect(put.request.method).toBe('PUT');
    expect(put.request.body).toEqual({ userIds: ['u2'] });
    put.flush(view([{ id: 'u2', name: 'Fatoumata Keïta' }]));
    await stable();

    expect([...el.querySelectorAll('.focal-points li')].map(textOf)).toEqual(['Fatoumata Keïta']);
    expect(textOf(el.querySelector('[role="status"]'))).toBe('The focal points are saved.');
    expect(el.querySelector('form')).toBeNull();
    expect(document.activeElement?.textContent?.trim()).toBe('Choose the focal points');
  });

  it('says a refused choice by its code, on the list of members', async () => {
    await open();
    http.expectOne(URL).flush(view());
    await stable();
    buttonNamed(el, 'Choose the focal points').click();
    await stable();
    check('Fatoumata Keïta');
    buttonNamed(el, 'Save the focal points').click();
    await stable();

    http
      .expectOne(URL)
      .flush(apiError(400, 'invalid_input', {}, [problem('userIds', 'not_active_member')]), { status: 400, statusText: 'Bad Request' });
    await stable();

    expect(textOf(el.querySelector('.field-error'))).toBe('Error: This person is not an active member of the organisation.');
    expect(el.querySelector('input[type="checkbox"]')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('says why someone outside the organisation may not see them', async () => {
    await open('fr');
    http.expectOne(URL).flush(apiError(403, 'organization_members_only'), { status: 403, statusText: 'Forbidden' });
    await stable();

    expect(textOf(el.querySelector('[role="alert"] p'))).toBe(
      'Seuls les membres de cette organisation et le secrétariat peuvent modifier cela.',
    );
  });
});
