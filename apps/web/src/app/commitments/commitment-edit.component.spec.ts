import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { CommitmentView } from '@suivi/contracts';
import axe from 'axe-core';
import { apiError, problem, buttonNamed, choose, civilOrg, justiceOrg, organizations, settle, textOf, type } from '../../testing/accounts';
import { recommendationDetail } from '../../testing/curation';
import { translocoTesting } from '../../testing/i18n-testing';
import { commitmentView } from '../../testing/tracking';
import { LanguageService } from '../core/language.service';
import { CommitmentEditComponent, changedFields } from './commitment-edit.component';

const read = commitmentView({ version: 3 });
const theirs = commitmentView({ version: 4, dueDate: '2031-06-30', regions: ['bamako', 'mopti'], updatedAt: '2026-11-22T09:00:00Z' });
const r1 = recommendationDetail();

describe(changedFields.name, () => {
  it('names the fields that differ between two versions', () => {
    expect(changedFields(read, theirs)).toEqual(['dueDate', 'regions']);
    expect(changedFields(read, read)).toEqual([]);
    expect(changedFields(read, commitmentView({ indicators: [] }))).toEqual(['indicators']);
  });
});

describe(CommitmentEditComponent.name, () => {
  let fixture: ComponentFixture<CommitmentEditComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let saved: CommitmentView[];

  async function open(commitment: CommitmentView | null, lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CommitmentEditComponent, translocoTesting()],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CommitmentEditComponent);
    fixture.componentRef.setInput('commitment', commitment);
    fixture.componentRef.setInput('dialogueId', commitment ? null : 'd1');
    saved = [];
    fixture.componentInstance.saved.subscribe((c) => saved.push(c));
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await serve();
  }

  /** Answers the lists the open form reads: organisations, and the dialogue's recommendations. */
  async function serve(): Promise<void> {
    await settle();
    fixture.detectChanges();
    for (const request of http.match('/api/organizations')) {
      request.flush(organizations);
    }
    for (const request of http.match((r) => r.url === '/api/recommendations' && r.params.get('dialogueId') === 'd1')) {
      request.flush([r1]);
    }
    await stable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  const button = (label: string) => buttonNamed(el, label);

  function check(label: string): void {
    const box = [...el.querySelectorAll('label')].find((l) => textOf(l) === label)?.querySelector('input');
    if (!box) {
      throw new Error(`no checkbox ${label} in ${[...el.querySelectorAll('label')].map(textOf).join(' / ')}`);
    }
    box.click();
  }

  async function editTitleAndSave(title: string): Promise<TestRequest> {
    button('Edit').click();
    await serve();
    type(el, '#commitment-title-en', title);
    await stable();
    button('Save').click();
    await stable();
    return http.expectOne({ method: 'PATCH', url: '/api/commitments/c1' });
  }

  afterEach(() => http.verify());

  it('sends every field of the edit with the version read', async () => {
    await open(read);
    const request = await editTitleAndSave('Staff the judicial pole');

    expect(request.request.body).toEqual({
      title: { en: 'Staff the judicial pole', fr: read.title.fr },
      description: read.description,
      ownerId: justiceOrg.id,
      supportingIds: [],
      recommendationIds: [],
      themes: ['justice_judiciary'],
      regions: ['bamako'],
      startDate: '2015-01-01',
      dueDate: '2030-12-31',
      indicators: read.indicators,
      version: 3,
    });
    const updated = commitmentView({ version: 4, title: { en: 'Staff the judicial pole' } });
    request.flush(updated);
    await stable();

    expect(saved).toEqual([updated]);
    expect(el.querySelector('form')).toBeNull();
  });

  it('on a 409, shows what changed meanwhile and re-applies the edit on the current version', async () => {
    await open(read);
    const first = await editTitleAndSave('Staff the judicial pole');
    first.flush({ statusCode: 409, error: 'Conflict', message: 'stale', current: theirs }, { status: 409, statusText: 'Conflict' });
    await stable();

    const alert = el.querySelector('[role="alert"]');
    expect(textOf(alert)).toContain('Someone else saved this commitment while you were editing it.');
    expect([...(alert?.querySelectorAll('dt') ?? [])].map(textOf)).toEqual(['Due date', 'Regions']);
    expect(textOf(alert)).toContain('Jun 30, 2031');
    expect(textOf(alert)).toContain('Mopti');
    expect(button('Save').disabled).toBe(true);

    button('Re-apply my changes on the current version').click();
    await stable();
    const second = http.expectOne({ method: 'PATCH', url: '/api/commitments/c1' });
    expect(second.request.body).toMatchObject({ title: { en: 'Staff the judicial pole' }, version: 4 });
    const merged = { ...theirs, version: 5, title: { en: 'Staff the judicial pole' } };
    second.flush(merged);
    await stable();

    expect(saved).toEqual([merged]);
  });

  it('on a 409, discards the edit and keeps the current version', async () => {
    await open(read);
    const request = await editTitleAndSave('Staff the judicial pole');
    request.flush({ statusCode: 409, error: 'Conflict', message: 'stale', current: theirs }, { status: 409, statusText: 'Conflict' });
    await stable();

    button('Discard mine').click();
    await stable();

    expect(saved).toEqual([theirs]);
    expect(el.querySelector('form')).toBeNull();
  });

  it('creates a commitment with its owner, supporters, recommendation, themes, regions, dates and an indicator', async () => {
    await open(null);
    expect(el.querySelector('form')).not.toBeNull();

    type(el, '#commitment-title-fr', 'Former les greffiers');
    type(el, '#commitment-description-en', 'Train the clerks of the judicial pole.');
    choose(el, '#commitment-owner', justiceOrg.id);
    await stable();
    // The owner is not offered among its own supporters.
    expect(textOf(el.querySelector('.org-checks'))).not.toContain('MJDH');
    check(`${civilOrg.acronym} – ${civilOrg.name.en}`);
    check('R1 Operationalise the judicial pole');
    check('Justice and the judiciary');
    check('Gao');
    type(el, '#commitment-start', '2027-01-01');
    type(el, '#commitment-due', '2027-12-31');
    button('Add an indicator').click();
    await stable();
    expect(document.activeElement?.id).toBe('commitment-indicator-0-name-en');
    type(el, '#commitment-indicator-0-name-en', 'Clerks trained');
    type(el, '#commitment-indicator-0-unit', 'clerks');
    type(el, '#commitment-indicator-0-baseline', '0');
    type(el, '#commitment-indicator-0-target', '40');
    await stable();
    button('Create the commitment').click();
    await stable();

    const request = http.expectOne({ method: 'POST', url: '/api/commitments' });
    expect(request.request.body).toEqual({
      dialogueId: 'd1',
      title: { fr: 'Former les greffiers' },
      description: { en: 'Train the clerks of the judicial pole.' },
      ownerId: justiceOrg.id,
      supportingIds: [civilOrg.id],
      recommendationIds: ['r1'],
      themes: ['justice_judiciary'],
      regions: ['gao'],
      startDate: '2027-01-01',
      dueDate: '2027-12-31',
      indicators: [{ name: { en: 'Clerks trained' }, unit: 'clerks', baseline: 0, target: 40, current: null }],
    });
    const created = commitmentView({ id: 'c9' });
    request.flush(created);
    await stable();
    expect(saved).toEqual([created]);
  });

  it('checks the form before sending, in French, and removes an indicator row', async () => {
    await open(null, 'fr');
    el.querySelector<HTMLButtonElement>('#commitment-add-indicator')?.click();
    await stable();
    type(el, '#commitment-start', '2027-06-01');
    type(el, '#commitment-due', '2027-01-01');
    await stable();

    button('Créer l’engagement').click();
    await stable();

    http.expectNone('/api/commitments');
    expect(textOf(el.querySelector('#commitment-title-error'))).toBe('Erreur : Écrivez-le en français ou en anglais (ou les deux).');
    expect(textOf(el.querySelector('#commitment-owner-error'))).toBe('Erreur : Cette information est obligatoire.');
    expect(textOf(el.querySelector('#commitment-due-error'))).toBe('Erreur : La date de fin ne peut pas précéder la date de début.');
    expect(textOf(el.querySelector('#commitment-indicator-0-name-error'))).toContain('Écrivez-le');
    expect(document.activeElement?.id).toBe('commitment-title-fr');

    button('Retirer l’indicateur 1').click();
    await stable();
    expect(el.querySelector('#commitment-indicator-0-name-fr')).toBeNull();
    expect(document.activeElement?.id).toBe('commitment-add-indicator');
  });

  it('shows a 400 next to the field it names, not above the form', async () => {
    await open(read);
    const request = await editTitleAndSave('Staff the judicial pole');
    request.flush(
      apiError(400, 'invalid_input', {}, [
        problem('indicators.1.unit', 'too_long', { max: 40 }),
        problem('dueDate', 'date_order', { after: 'startDate' }),
      ]),
      {
        status: 400,
        statusText: 'Bad Request',
      },
    );
    await stable();

    expect(textOf(el.querySelector('#commitment-indicator-1-unit-error'))).toBe('Error: Use at most 40 characters.');
    expect(textOf(el.querySelector('#commitment-due-error'))).toBe('Error: The end date cannot be before the start date.');
    expect(el.querySelector('.notice-error')).toBeNull();
    expect(el.querySelector('#commitment-indicator-1-unit')?.getAttribute('aria-invalid')).toBe('true');
    const results = await axe.run(el, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });
});
