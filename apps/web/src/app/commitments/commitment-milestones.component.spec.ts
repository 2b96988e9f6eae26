import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type MilestoneView, type Viewer, viewerOf } from '@suivi/contracts';
import axe from 'axe-core';
import { buttonNamed, civilOrg, meView, secretariatMe, settle, textOf, type } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { commitmentView } from '../../testing/tracking';
import { LanguageService } from '../core/language.service';
import { CommitmentMilestonesComponent } from './commitment-milestones.component';

const judges: MilestoneView = {
  id: 'm1',
  commitmentId: 'c1',
  title: { en: 'Judges appointed', fr: 'Juges nommés' },
  plannedDate: '2015-06-30',
  reachedDate: null,
  evidence: null,
  version: 1,
};
const decree: MilestoneView = {
  id: 'm2',
  commitmentId: 'c1',
  title: { fr: 'Décret publié' },
  plannedDate: '2015-02-01',
  reachedDate: '2015-02-10',
  evidence: 'https://example.org/jo.pdf',
  version: 2,
};

describe(CommitmentMilestonesComponent.name, () => {
  let fixture: ComponentFixture<CommitmentMilestonesComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let saved: MilestoneView[];

  async function open(viewer: Viewer | null, lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [CommitmentMilestonesComponent, translocoTesting()],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(CommitmentMilestonesComponent);
    fixture.componentRef.setInput('commitment', commitmentView());
    fixture.componentRef.setInput('milestones', [judges, decree]);
    fixture.componentRef.setInput('viewer', viewer);
    saved = [];
    fixture.componentInstance.saved.subscribe((m) => saved.push(m));
    el = fixture.nativeElement as HTMLElement;
    await stable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  const button = (label: string) => buttonNamed(el, label);

  afterEach(() => http.verify());

  it('lists the milestones by planned date, with their evidence, and offers no form to the public or to another organisation', async () => {
    await open(null);
    const items = [...el.querySelectorAll('.milestones li')].map(textOf);
    expect(items[0]).toContain('Décret publié');
    expect(items[0]).toContain('Reached on Feb 10, 2015');
    expect(el.querySelector<HTMLAnchorElement>('.milestone-evidence a')?.href).toBe('https://example.org/jo.pdf');
    expect(items[1]).toContain('Not reached yet');
    expect(el.querySelectorAll('button')).toHaveLength(0);

    fixture.componentRef.setInput('viewer', viewerOf(meView({ organization: civilOrg })));
    await stable();
    expect(el.querySelectorAll('button')).toHaveLength(0);
  });

  it('lets a member of the owner organisation add a milestone, shown at once and announced', async () => {
    await open(viewerOf(meView()));
    button('Add a milestone').click();
    await stable();
    expect(document.activeElement?.id).toBe('milestone-title-en');

    type(el, '#milestone-title-en', 'Courtroom opened');
    type(el, '#milestone-planned', '2016-01-15');
    type(el, '#milestone-evidence', '  https://example.org/photo  ');
    await stable();
    button('Save the milestone').click();
    await stable();

    const request = http.expectOne({ method: 'POST', url: '/api/commitments/c1/milestones' });
    expect(request.request.body).toEqual({
      title: { en: 'Courtroom opened' },
      plannedDate: '2016-01-15',
      reachedDate: null,
      evidence: 'https://example.org/photo',
    });
    const created: MilestoneView = { ...judges, id: 'm3', title: { en: 'Courtroom opened' }, plannedDate: '2016-01-15', version: 1 };
    request.flush(created);
    await stable();

    expect(saved).toEqual([created]);
    expect([...el.querySelectorAll('.milestone-title')].map(textOf).at(-1)).toContain('Courtroom opened');
    expect(textOf(el.querySelector('[role="status"]'))).toBe('The milestone is added.');
    expect(document.activeElement?.id).toBe('milestone-m3');
    expect(el.querySelector('form')).toBeNull();
  });

  it('edits a milestone with its version; on a 409 shows what changed and re-applies the draft, in French', async () => {
    await open(viewerOf(secretariatMe()), 'fr');
    button('Modifier: Juges nommés').click();
    await stable();
    expect(el.querySelector<HTMLInputElement>('#milestone-planned')?.value).toBe('2015-06-30');

    type(el, '#milestone-reached', '2015-07-02');
    await stable();
    button('Enregistrer le jalon').click();
    await stable();
    const first = http.expectOne({ method: 'PATCH', url: '/api/milestones/m1' });
    expect(first.request.body).toMatchObject({ reachedDate: '2015-07-02', version: 1 });
    const theirs = { ...judges, evidence: 'Journal officiel n° 12', version: 2 };
    first.flush({ statusCode: 409, error: 'Conflict', message: 'stale', current: theirs }, { status: 409, statusText: 'Conflict' });
    await stable();

    const notice = el.querySelector('.notice-warning');
    expect(textOf(notice)).toContain('Quelqu’un d’autre a enregistré ce jalon pendant que vous le modifiiez.');
    expect(textOf(notice?.querySelector('dt'))).toBe('Preuve');
    expect(textOf(notice?.querySelector('dd'))).toBe('Journal officiel n° 12');
    const results = await axe.run(el, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);

    button('Appliquer de nouveau mes modifications sur la version actuelle').click();
    await stable();
    const second = http.expectOne({ method: 'PATCH', url: '/api/milestones/m1' });
    expect(second.request.body).toMatchObject({ reachedDate: '2015-07-02', version: 2 });
    second.flush({ ...theirs, reachedDate: '2015-07-02', version: 3 });
    await stable();
    expect(textOf(el.querySelector('#milestone-m1'))).toContain('Atteint le 2 juil. 2015');
  });

  it('asks for a title before sending', async () => {
    await open(viewerOf(meView()));
    button('Add a milestone').click();
    await stable();
    button('Save the milestone').click();
    await stable();

    http.expectNone('/api/commitments/c1/milestones');
    expect(textOf(el.querySelector('#milestone-title-error'))).toBe('Error: Write it in English or in French (or both).');
    button('Cancel').click();
    await stable();
    expect(document.activeElement?.id).toBe('milestone-add');
  });
});
