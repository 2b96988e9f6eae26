import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import axe from 'axe-core';
import { apiError, problem, buttonNamed, choose, civilOrg, justiceOrg, organizations, settle, textOf, type } from '../../testing/accounts';
import { dialogueView } from '../../testing/curation';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { DialogueFormPageComponent } from './dialogue-form-page.component';

describe(DialogueFormPageComponent.name, () => {
  let fixture: ComponentFixture<DialogueFormPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let navigations: unknown[][];

  async function open(id: string | undefined, lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [DialogueFormPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    navigations = [];
    jest.spyOn(TestBed.inject(Router), 'navigate').mockImplementation(async (commands) => {
      navigations.push(commands);
      return true;
    });
    fixture = TestBed.createComponent(DialogueFormPageComponent);
    if (id) {
      fixture.componentRef.setInput('id', id);
    }
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    http.expectOne('/api/organizations').flush(organizations);
    if (id) {
      http.expectOne(`/api/dialogues/${id}`).flush(dialogueView());
    }
    await stable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  const button = (label: string) => buttonNamed(el, label);

  function checkOrganization(name: string): void {
    [...el.querySelectorAll('label')]
      .find((l) => textOf(l).includes(name))
      ?.querySelector('input')
      ?.click();
  }

  afterEach(() => http.verify());

  it('creates a dialogue with its participants, then opens it', async () => {
    await open(undefined);
    expect(textOf(el.querySelector('h1'))).toBe('New dialogue');

    type(el, '#dialogue-title-fr', 'Table ronde de Mopti');
    type(el, '#dialogue-summary-en', 'Cross-border crime in the centre.');
    type(el, '#dialogue-place', ' Mopti ');
    type(el, '#dialogue-start', '2027-03-10');
    type(el, '#dialogue-end', '2027-03-11');
    choose(el, '#dialogue-status', 'planned');
    checkOrganization(civilOrg.name.en as string);
    checkOrganization(justiceOrg.name.en as string);
    await stable();
    button('Create the dialogue').click();
    await stable();

    const request = http.expectOne({ method: 'POST', url: '/api/dialogues' });
    expect(request.request.body).toEqual({
      title: { fr: 'Table ronde de Mopti' },
      summary: { en: 'Cross-border crime in the centre.' },
      place: 'Mopti',
      startDate: '2027-03-10',
      endDate: '2027-03-11',
      status: 'planned',
      participantIds: [justiceOrg.id, civilOrg.id],
    });
    request.flush(dialogueView({ id: 'd9' }));
    await stable();
    expect(navigations).toEqual([['/dialogues', 'd9']]);
  });

  it('checks the title and the dates before sending, in French', async () => {
    await open(undefined, 'fr');
    type(el, '#dialogue-start', '2027-03-10');
    type(el, '#dialogue-end', '2027-03-01');
    await stable();

    button('Créer le dialogue').click();
    await stable();

    http.expectNone('/api/dialogues');
    expect(textOf(el.querySelector('#dialogue-title-error'))).toBe('Erreur : Écrivez-le en français ou en anglais (ou les deux).');
    expect(textOf(el.querySelector('#dialogue-end-error'))).toBe('Erreur : La date de fin ne peut pas précéder la date de début.');
    expect(document.activeElement?.id).toBe('dialogue-title-fr');
    const results = await axe.run(el, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('edits with the version read; on a 409 shows what changed and re-applies the draft on the new version', async () => {
    await open('d1');
    expect(textOf(el.querySelector('h1'))).toBe('Edit the dialogue');
    expect(el.querySelector<HTMLInputElement>('#dialogue-place')?.value).toBe('Bamako');

    type(el, '#dialogue-place', 'Bamako, CICB');
    await stable();
    button('Save the changes').click();
    await stable();
    const first = http.expectOne({ method: 'PATCH', url: '/api/dialogues/d1' });
    expect(first.request.body).toMatchObject({ place: 'Bamako, CICB', status: 'follow_up', participantIds: [justiceOrg.id], version: 2 });
    const theirs = dialogueView({ status: 'closed', version: 3 });
    first.flush({ statusCode: 409, error: 'Conflict', message: 'stale', current: theirs }, { status: 409, statusText: 'Conflict' });
    await stable();

    const alert = el.querySelector('.notice-warning');
    expect(textOf(alert)).toContain('Someone else saved this dialogue while you were editing it.');
    expect([...(alert?.querySelectorAll('dt') ?? [])].map(textOf)).toEqual(['Status']);
    expect(textOf(alert?.querySelector('dd'))).toBe('Closed');
    expect(document.activeElement).toBe(alert);

    button('Re-apply my changes on the current version').click();
    await stable();
    const second = http.expectOne({ method: 'PATCH', url: '/api/dialogues/d1' });
    expect(second.request.body).toMatchObject({ place: 'Bamako, CICB', version: 3 });
    second.flush(dialogueView({ place: 'Bamako, CICB', version: 4 }));
    await stable();
    expect(navigations).toEqual([['/dialogues', 'd1']]);
  });

  it('puts a 400 on the field it names and keeps the draft', async () => {
    await open('d1');
    type(el, '#dialogue-place', 'x'.repeat(20));
    await stable();
    button('Save the changes').click();
    await stable();
    http
      .expectOne({ method: 'PATCH', url: '/api/dialogues/d1' })
      .flush(apiError(400, 'invalid_input', {}, [problem('place', 'too_long', { max: 300 })]), { status: 400, statusText: 'Bad Request' });
    await stable();

    expect(textOf(el.querySelector('#dialogue-place-error'))).toBe('Error: Use at most 300 characters.');
    expect(el.querySelector<HTMLInputElement>('#dialogue-place')?.value).toBe('x'.repeat(20));
    expect(el.querySelector('.notice-error')).toBeNull();
    expect(navigations).toEqual([]);
  });
});
