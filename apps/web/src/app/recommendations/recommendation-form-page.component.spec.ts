import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { apiError, problem, settle, textOf, type } from '../../testing/accounts';
import { dialogueView, recommendationDetail } from '../../testing/curation';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { RecommendationFormPageComponent } from './recommendation-form-page.component';

describe(RecommendationFormPageComponent.name, () => {
  let fixture: ComponentFixture<RecommendationFormPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let navigations: unknown[][];

  async function open(route: { id?: string; dialogueId?: string }, lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [RecommendationFormPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    navigations = [];
    jest.spyOn(TestBed.inject(Router), 'navigate').mockImplementation(async (commands) => {
      navigations.push(commands);
      return true;
    });
    fixture = TestBed.createComponent(RecommendationFormPageComponent);
    for (const [name, value] of Object.entries(route)) {
      fixture.componentRef.setInput(name, value);
    }
    el = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    await settle();
    if (route.id) {
      http.expectOne(`/api/recommendations/${route.id}`).flush(recommendationDetail());
      await settle();
      fixture.detectChanges();
    }
    http.expectOne('/api/dialogues/d1').flush(dialogueView());
    await stable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  function click(label: string): void {
    const found = [...el.querySelectorAll<HTMLElement>('button, label')].find((b) => textOf(b) === label);
    if (!found) {
      throw new Error(`no ${label}`);
    }
    (found.querySelector('input') ?? found).click();
  }

  afterEach(() => http.verify());

  it('adds a recommendation to its dialogue; a code already used is said next to the code', async () => {
    await open({ dialogueId: 'd1' });
    expect(textOf(el.querySelector('.lead'))).toContain('Bamako roundtable on organised crime');

    type(el, '#recommendation-code', 'R5');
    type(el, '#recommendation-text-fr', 'Associer les élus locaux.');
    click('Civil society');
    click('Government');
    click('Dialogue and reconciliation');
    await stable();
    click('Add the recommendation');
    await stable();

    const first = http.expectOne({ method: 'POST', url: '/api/recommendations' });
    expect(first.request.body).toEqual({
      dialogueId: 'd1',
      code: 'R5',
      text: { fr: 'Associer les élus locaux.' },
      addressedTo: ['government', 'civil_society'],
      themes: ['dialogue_reconciliation'],
    });
    first.flush(apiError(409, 'code_taken', { code: 'R5' }, [problem('code', 'code_taken', { code: 'R5' })]), {
      status: 409,
      statusText: 'Conflict',
    });
    await stable();

    expect(textOf(el.querySelector('#recommendation-code-error'))).toBe(
      'Error: The code R5 is already used in this dialogue. Choose another one.',
    );
    expect(el.querySelector('.notice-error')).toBeNull();
    expect(document.activeElement?.id).toBe('recommendation-code');

    type(el, '#recommendation-code', 'R6');
    await stable();
    click('Add the recommendation');
    await stable();
    http.expectOne({ method: 'POST', url: '/api/recommendations' }).flush(recommendationDetail({ id: 'r6', code: 'R6' }));
    await stable();
    expect(navigations).toEqual([['/recommendations', 'r6']]);
  });

  it('asks for a code of letters and digits and a text, in French', async () => {
    await open({ dialogueId: 'd1' }, 'fr');
    type(el, '#recommendation-code', 'R 5; x');
    await stable();
    click('Ajouter la recommandation');
    await stable();

    http.expectNone('/api/recommendations');
    expect(textOf(el.querySelector('#recommendation-code-error'))).toBe('Erreur : N’utilisez que des lettres et des chiffres, comme R5.');
    expect(textOf(el.querySelector('#recommendation-text-error'))).toBe('Erreur : Écrivez-le en français ou en anglais (ou les deux).');
  });

  it('edits the text and themes with the version read, the code kept; a 409 can be dropped for the version now saved', async () => {
    await open({ id: 'r1' });
    expect(el.querySelector<HTMLInputElement>('#recommendation-code')?.disabled).toBe(true);

    type(el, '#recommendation-text-en', 'Operationalise the judicial pole quickly');
    await stable();
    click('Save the changes');
    await stable();
    const request = http.expectOne({ method: 'PATCH', url: '/api/recommendations/r1' });
    expect(request.request.body).toEqual({
      text: { en: 'Operationalise the judicial pole quickly', fr: 'Rendre opérationnel le pôle judiciaire' },
      addressedTo: ['government'],
      themes: ['justice_judiciary'],
      version: 1,
    });
    const theirs = recommendationDetail({ themes: ['justice_judiciary', 'crime_sensitivity'], version: 2 });
    request.flush({ statusCode: 409, error: 'Conflict', message: 'stale', current: theirs }, { status: 409, statusText: 'Conflict' });
    await stable();
    expect([...el.querySelectorAll('.notice-warning dt')].map(textOf)).toEqual(['Themes']);

    click('Discard mine');
    await stable();
    expect(el.querySelector('.notice-warning')).toBeNull();
    expect(el.querySelector<HTMLTextAreaElement>('#recommendation-text-en')?.value).toBe('Operationalise the judicial pole');
    const crime = [...el.querySelectorAll('label')].find((l) => textOf(l) === 'Crime sensitivity')?.querySelector('input');
    expect(crime?.checked).toBe(true);
    expect(navigations).toEqual([]);
  });
});
