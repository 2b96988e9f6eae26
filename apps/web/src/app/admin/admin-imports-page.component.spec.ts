import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ImportRowError } from '@suivi/contracts';
import axe from 'axe-core';
import { apiError, settle, textOf } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { AdminImportsPageComponent } from './admin-imports-page.component';

const csv = 'title_en,owner\nTrain judges,MJDH\n';
const errors: ImportRowError[] = [
  {
    line: 2,
    column: 'owner_id',
    code: 'unknown_organisation',
    params: { column: 'owner_id' },
    message: 'ownerId does not name a known organisation',
  },
];

describe(AdminImportsPageComponent.name, () => {
  let fixture: ComponentFixture<AdminImportsPageComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;

  async function open(lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [AdminImportsPageComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AdminImportsPageComponent);
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  async function stable(): Promise<void> {
    await settle(10);
    await fixture.whenStable();
  }

  async function pick(text: string, name = 'commitments.csv'): Promise<void> {
    const input = el.querySelector<HTMLInputElement>('#import-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([text], name, { type: 'text/csv' })], configurable: true });
    input.dispatchEvent(new Event('change'));
    // FileReader answers when it will: wait until the page holds this file's text (a loaded machine is slow).
    const picked = () => (fixture.componentInstance as unknown as { file: () => { text: string } | null }).file()?.text;
    for (let i = 0; i < 100 && picked() !== text; i++) {
      await settle(10);
    }
    await stable();
  }

  function button(label: string): HTMLButtonElement {
    const found = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label);
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  async function answer(request: TestRequest, body: unknown, status = 200): Promise<void> {
    request.flush(body, { status, statusText: status < 300 ? 'OK' : 'Bad Request' });
    await stable();
  }

  afterEach(() => http.verify());

  it('explains that nothing is written before every row is valid, and links to the exports as templates', async () => {
    await open();

    expect(textOf(el)).toContain('Nothing is written until every row is valid');
    const links = [...el.querySelectorAll('a[download]')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/api/commitments/export.csv', '/api/reports/export.csv']);
    expect(button('Import').disabled).toBe(true);
  });

  it('checks the file as a dry run and lists the problems in a table', async () => {
    await open();
    await pick(csv);

    button('Check').click();
    const request = http.expectOne((r) => r.url === '/api/imports/commitments');
    expect(request.request.params.get('dryRun')).toBe('true');
    expect(request.request.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(request.request.body).toBe(csv);
    await answer(request, { valid: false, rows: 1, errors });

    expect(textOf(el.querySelector('[role="alert"]'))).toBe('Problems found: 1. Nothing was written.');
    expect(textOf(el.querySelector('caption'))).toBe('Problems in commitments.csv');
    expect([...el.querySelectorAll('tbody td')].map(textOf)).toEqual(['2', 'owner_id', 'No organisation has this identifier.']);
    expect(button('Import').disabled).toBe(true);
    const results = await axe.run(el, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it('imports the checked file, and only that file', async () => {
    await open();
    await pick(csv);
    button('Check').click();
    await answer(http.expectOne('/api/imports/commitments?dryRun=true'), { valid: true, rows: 1, errors: [] });
    expect(textOf(el)).toContain('Valid rows: 1. You can import the file.');
    expect(button('Import').disabled).toBe(false);

    await pick('title_en\nOther\n', 'other.csv');
    expect(button('Import').disabled).toBe(true);
    await pick(csv);
    button('Check').click();
    await answer(http.expectOne('/api/imports/commitments?dryRun=true'), { valid: true, rows: 1, errors: [] });

    button('Import').click();
    const request = http.expectOne((r) => r.url === '/api/imports/commitments');
    expect(request.request.params.has('dryRun')).toBe(false);
    await answer(request, { valid: true, rows: 1, errors: [], created: 1, updated: 0 }, 201);

    expect(textOf(el.querySelector('.notice-success'))).toBe('The file is imported. Created: 1. Updated: 0.');
    expect(button('Import').disabled).toBe(true);
  });

  it('sends progress reports to their own import, and a change of kind asks for a new check', async () => {
    await open();
    await pick(csv);
    button('Check').click();
    await answer(http.expectOne('/api/imports/commitments?dryRun=true'), { valid: true, rows: 1, errors: [] });

    el.querySelector<HTMLInputElement>('input[value="progress"]')?.click();
    await stable();
    expect(button('Import').disabled).toBe(true);

    button('Check').click();
    await answer(http.expectOne('/api/imports/progress?dryRun=true'), { valid: true, rows: 1, errors: [] });
    expect(button('Import').disabled).toBe(false);
  });

  it('shows the rows a 400 refused at import', async () => {
    await open();
    await pick(csv);
    button('Check').click();
    await answer(http.expectOne('/api/imports/commitments?dryRun=true'), { valid: true, rows: 1, errors: [] });

    button('Import').click();
    await answer(
      http.expectOne('/api/imports/commitments'),
      apiError(400, 'import_invalid', {}, undefined, { valid: false, rows: 1, errors }),
      400,
    );

    expect([...el.querySelectorAll('tbody td')].map(textOf)).toEqual(['2', 'owner_id', 'No organisation has this identifier.']);
    expect(button('Import').disabled).toBe(true);
  });

  it('says where an import that stopped part-way stopped, what is written, and to send the same file again', async () => {
    await open('fr');
    await pick(csv);
    button('Vérifier').click();
    await answer(http.expectOne('/api/imports/commitments?dryRun=true'), { valid: true, rows: 450, errors: [] });
    button('Importer').click();
    await answer(
      http.expectOne('/api/imports/commitments'),
      {
        ...apiError(409, 'import_incomplete', { firstNotWritten: 202 }),
        valid: true,
        rows: 450,
        errors: [],
        created: 200,
        updated: 0,
        unchanged: 0,
        written: { from: 2, to: 201 },
        firstNotWritten: 202,
        reason: { line: 202, column: '', code: 'conflict', params: {}, message: 'This commitment was changed by someone else' },
      },
      409,
    );
    const alert = textOf(el.querySelector('.notice-error'));
    expect(alert).toContain('L’import s’est arrêté à la ligne 202');
    expect(alert).toContain('Les lignes 2 à 201 sont enregistrées.');
    expect(alert).toContain('Renvoyez le même fichier pour le terminer');
    const results = await axe.run(el, { rules: { 'color-contrast': { enabled: false }, region: { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
  });

  it.each([
    [
      'en',
      'Check',
      'This file has 5,001 rows: a file may hold at most 5,000. Split it into several files and send each one.',
      'You have sent as many checks and imports as one person may in an hour. You can try again in 42 minutes; the file is still chosen.',
    ],
    [
      'fr',
      'Vérifier',
      // textOf folds the narrow no-break space of French numbers into a space.
      'Ce fichier compte 5 001 lignes : un fichier en contient au plus 5 000. Découpez-le en plusieurs fichiers et envoyez-les un par un.',
      'Vous avez envoyé autant de vérifications et d’imports qu’une personne le peut en une heure. Vous pourrez réessayer dans 42 minutes ; le fichier reste choisi.',
    ],
  ] as const)(
    'in %s, names the row cap and the wait after the hour’s imports, from the API’s 400 and 429',
    async (lang, check, rows, wait) => {
      await open(lang);
      await pick(csv);
      button(check).click();
      await answer(
        http.expectOne('/api/imports/commitments?dryRun=true'),
        apiError(400, 'import_too_many_rows', { rows: 5001, maxRows: 5000 }, undefined, { rows: 5001, maxRows: 5000 }),
        400,
      );
      expect(textOf(el.querySelector('.notice-error'))).toBe(rows);
      button(check).click();
      await answer(
        http.expectOne('/api/imports/commitments?dryRun=true'),
        apiError(429, 'too_many_imports', { retryAfter: 2501 }, undefined, { retryAfter: 2501 }),
        429,
      );
      expect(textOf(el.querySelector('.notice-error'))).toBe(wait);
    },
  );

  it('says each problem in French from its code, and a reason it has no words for in the API’s English, marked as such', async () => {
    await open('fr');
    await pick(csv);
    button('Vérifier').click();
    const newer: ImportRowError[] = [
      ...errors,
      { line: 3, column: 'themes', code: 'not_allowed', params: { column: 'themes', allowed: 'ddr, security_sector' }, message: 'themes…' },
      { line: 4, column: 'due_date', code: 'other', params: { column: 'due_date' }, message: 'due_date is on a public holiday' },
    ];
    await answer(http.expectOne('/api/imports/commitments?dryRun=true'), { valid: false, rows: 3, errors: newer });

    const cells = [...el.querySelectorAll('tbody tr')].map((tr) => textOf(tr.lastElementChild));
    expect(cells).toEqual([
      'Aucune organisation n’a cet identifiant.',
      'Cette valeur n’est pas dans la liste. Valeurs admises : ddr, security_sector.',
      'En anglais : due_date is on a public holiday',
    ]);
    expect(el.querySelector('tbody tr:last-child span')?.getAttribute('lang')).toBe('en');
  });

  it('says the file picker in the reader’s language, then names the file chosen', async () => {
    await open('fr');
    const picker = el.querySelector('.file-picker');
    expect(textOf(picker?.querySelector('label'))).toBe('Choisir un fichier');
    expect(textOf(picker?.querySelector('.muted'))).toBe('Aucun fichier choisi');

    await pick(csv, 'engagements.csv');
    expect(textOf(picker?.querySelector('.muted'))).toBe('engagements.csv');
  });

  it('asks for a file before checking, in French', async () => {
    await open('fr');

    button('Vérifier').click();
    await stable();

    expect(textOf(el.querySelector('[role="alert"]'))).toBe('Choisissez d’abord un fichier CSV.');
  });
});
