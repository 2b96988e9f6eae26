import { HttpEventType, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { FormControl } from '@angular/forms';
import { provideRouter } from '@angular/router';
import type { MeView, ReportKind, ReportView } from '@suivi/contracts';
import { apiError, problem, choose, civilOrg, loginResponse, meView, secretariatMe, settle, textOf, type } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { commitmentView, reportView } from '../../testing/tracking';
import { authInterceptor } from '../core/auth/auth.interceptor';
import { AuthService } from '../core/auth/auth.service';
import { LanguageService } from '../core/language.service';
import { ReportFormComponent, addEvidence, httpLink, percentRange, toReportInput } from './report-form.component';

describe(ReportFormComponent.name, () => {
  let fixture: ComponentFixture<ReportFormComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let published: ReportView[];

  async function open(kind: ReportKind, me: MeView | null, correctable: ReportView[] = []): Promise<void> {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [ReportFormComponent, translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(withInterceptors([authInterceptor])), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use('en');
    http = TestBed.inject(HttpTestingController);
    if (me) {
      TestBed.inject(AuthService).start(loginResponse(me));
    }
    fixture = TestBed.createComponent(ReportFormComponent);
    fixture.componentRef.setInput('kind', kind);
    fixture.componentRef.setInput('commitment', commitmentView());
    fixture.componentRef.setInput('correctable', correctable);
    published = [];
    fixture.componentInstance.submitted.subscribe((r) => published.push(r));
    el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  async function click(target: HTMLElement | null | undefined): Promise<void> {
    if (!target) {
      throw new Error('nothing to click');
    }
    target.click();
    await settle();
    await fixture.whenStable();
  }

  function button(label: string): HTMLButtonElement {
    const found = [...el.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b).startsWith(label));
    if (!found) {
      throw new Error(`no button ${label}`);
    }
    return found;
  }

  async function answer(request: TestRequest, body: unknown, status = 201): Promise<void> {
    request.flush(body, { status, statusText: status < 300 ? 'Created' : 'Error' });
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => http.verify());

  function pickFiles(files: File[]): Promise<void> {
    const input = el.querySelector<HTMLInputElement>('#self-files') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change'));
    return settle().then(() => fixture.whenStable());
  }

  const pdf = (name = 'decree.pdf', size = 2048) => new File([new Uint8Array(size)], name, { type: 'application/pdf' });

  describe('evidence files', () => {
    async function filledReport(): Promise<void> {
      await open('self_report', meView());
      await click(button('Write a progress report'));
      choose(el, '#self-status', 'in_progress');
      type(el, '#self-narrative-fr', 'Les juges sont nommés.');
      await pickFiles([pdf(), new File([new Uint8Array(10)], 'photo.jpg', { type: 'image/jpeg' })]);
    }

    it('tells the uploader, in both languages, what is removed from the files and that the visible text is not checked', async () => {
      await open('self_report', meView());
      await click(button('Write a progress report'));
      const hint = () => textOf(el.querySelector('#self-files-hint'));
      expect(el.querySelector('#self-files')?.getAttribute('aria-describedby')).toBe('self-files-hint');
      expect(hint()).toContain('images up to 40 megapixels');
      expect(hint()).toContain('photos are redrawn from their pixels (location, camera, author and any hidden image removed)');
      expect(hint()).toContain('PDFs keep only their pages (author, hidden data, comments’ authors, form fields, attachments');
      expect(hint()).toContain('The visible text and what a picture shows are not checked');

      await TestBed.inject(LanguageService).use('fr');
      await settle();
      await fixture.whenStable();
      expect(hint()).toContain('images jusqu’à 40 mégapixels');
      expect(hint()).toContain('les photos sont redessinées à partir de leurs pixels (lieu, appareil, auteur et toute image cachée');
      expect(hint()).toContain('les PDF ne gardent que leurs pages (auteur, données cachées, auteurs des commentaires');
      expect(hint()).toContain('Le texte visible et ce que montre une image ne sont pas vérifiés');
    });

    it('uploads them as multipart with the report, shows the progress, and announces it', async () => {
      await filledReport();
      expect([...el.querySelectorAll('.file-list li .file-name')].map(textOf)).toEqual(['decree.pdf', 'photo.jpg']);
      expect(textOf(el.querySelector('.file-list li'))).toContain('2 KB');

      await click(button('Publish the report'));
      const request = http.expectOne({ method: 'POST', url: '/api/commitments/c1/reports' });
      const body = request.request.body as FormData;
      expect(request.request.reportProgress).toBe(true);
      expect(JSON.parse(body.get('report') as string)).toEqual({
        kind: 'self_report',
        status: 'in_progress',
        narrative: { fr: 'Les juges sont nommés.' },
      });
      expect((body.getAll('evidence') as File[]).map((f) => f.name)).toEqual(['decree.pdf', 'photo.jpg']);

      request.event({ type: HttpEventType.UploadProgress, loaded: 600, total: 1000 });
      await settle();
      await fixture.whenStable();
      const progress = el.querySelector('progress');
      expect(progress?.value).toBe(60);
      expect(el.querySelector(`label[for="${progress?.id}"]`)?.textContent?.trim()).toBe('Sending the evidence files');
      expect(textOf(el.querySelector('.report-form p[role="status"]'))).toBe('Evidence files sent: 50%');

      const report = reportView({
        id: 'r9',
        files: [{ id: 'f1', name: 'decree.pdf', mediaType: 'application/pdf', size: 2048, sha256: 'a'.repeat(64) }],
      });
      await answer(request, report);
      expect(published).toEqual([report]);
      expect(el.querySelector('progress')).toBeNull();
      expect(el.querySelector('.file-list')).toBeNull();
    });

    it('keeps the report and its files when the upload fails, and says which file the API refused', async () => {
      await filledReport();
      await click(button('Publish the report'));
      await answer(
        http.expectOne('/api/commitments/c1/reports'),
        apiError(400, 'invalid_input', {}, [problem('evidence', 'file_type', { name: 'photo.jpg' })]),
        400,
      );

      expect(textOf(el.querySelector('#self-files-error'))).toContain('photo.jpg is not a PDF, PNG or JPEG file');
      expect(el.querySelector('#self-files')?.getAttribute('aria-invalid')).toBe('true');
      expect(el.querySelector<HTMLTextAreaElement>('#self-narrative-fr')?.value).toBe('Les juges sont nommés.');
      expect([...el.querySelectorAll('.file-list li .file-name')].map(textOf)).toEqual(['decree.pdf', 'photo.jpg']);
      expect(el.querySelector('.notice-error')).toBeNull();

      await click(button('Remove: photo.jpg'));
      expect([...el.querySelectorAll('.file-list li .file-name')].map(textOf)).toEqual(['decree.pdf']);
      expect(document.activeElement?.id).toBe('self-files');
      await click(button('Publish the report'));
      await answer(http.expectOne('/api/commitments/c1/reports'), { statusCode: 0 }, 0);
      expect(textOf(el.querySelector('.notice-error'))).toContain('what you typed is still here');
      expect([...el.querySelectorAll('.file-list li .file-name')].map(textOf)).toEqual(['decree.pdf']);
    });

    it('refuses on the spot a file of another type, one too large, and a sixth one', async () => {
      await open('self_report', meView());
      await click(button('Write a progress report'));
      const big = new File([new Uint8Array(1)], 'scan.pdf', { type: 'application/pdf' });
      Object.defineProperty(big, 'size', { value: 11 * 1024 * 1024 });
      await pickFiles([pdf('a.pdf'), new File(['x'], 'notes.docx', { type: 'application/msword' }), big]);

      expect([...el.querySelectorAll('#self-files-error .field-error')].map(textOf)).toEqual([
        'Error: notes.docx was not added: only PDF, PNG and JPEG files are accepted.',
        'Error: scan.pdf was not added: it is larger than 10 MB.',
      ]);
      expect([...el.querySelectorAll('.file-list li .file-name')].map(textOf)).toEqual(['a.pdf']);
    });
  });

  describe(addEvidence.name, () => {
    it('keeps at most five files, known by type or, without one, by name, and never the same twice', () => {
      const chosen = [pdf('1.pdf'), pdf('2.pdf'), pdf('3.pdf'), pdf('4.pdf')];
      const untyped = new File(['x'], 'photo.JPEG');
      const { files, problems } = addEvidence(chosen, [pdf('1.pdf'), untyped, pdf('6.pdf')]);

      expect(files.map((f) => f.name)).toEqual(['1.pdf', '2.pdf', '3.pdf', '4.pdf', 'photo.JPEG']);
      expect(problems).toEqual([{ key: 'forms.errors.tooManyFilesNamed', params: { name: '6.pdf', max: 5 } }]);
    });
  });

  describe('shown only when allowed', () => {
    it.each([
      ['a member of the owner organisation', 'self_report', true, meView()],
      ['the secretariat', 'self_report', true, secretariatMe()],
      ['a civil-society member', 'self_report', false, meView({ organization: civilOrg })],
      ['the public', 'self_report', false, null],
      ['a pending member of the owner', 'self_report', false, meView({ status: 'pending' })],
      ['a civil-society member', 'independent_assessment', true, meView({ organization: civilOrg })],
      ['the secretariat', 'independent_assessment', true, secretariatMe()],
      ['a member of the owner organisation', 'independent_assessment', false, meView()],
      ['a suspended civil-society member', 'independent_assessment', false, meView({ organization: civilOrg, status: 'suspended' })],
    ] as const)('%s, %s: shown %s', async (_who, kind, shown, me) => {
      await open(kind, me);
      expect(el.querySelector('section') !== null).toBe(shown);
    });

    it('explains what an assessment is, in plain words', async () => {
      await open('independent_assessment', meView({ organization: civilOrg }));

      expect(textOf(el.querySelector('h2'))).toBe('Independent assessment');
      expect(textOf(el)).toContain("appears beside the government's own report");
      expect(textOf(el)).toContain('flagged as contested');
      expect(textOf(el)).toContain('The public sees the name of your organisation, not yours.');
    });
  });

  it('opens the form on request, with focus on its first field', async () => {
    await open('self_report', meView());
    const toggle = button('Write a progress report');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(el.querySelector<HTMLFormElement>('form')?.hidden).toBe(true);

    await click(toggle);

    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(el.querySelector<HTMLFormElement>('form')?.hidden).toBe(false);
    expect(document.activeElement?.id).toBe('self-status');
  });

  it('checks the status, the narrative, the percentage and the links before sending', async () => {
    await open('self_report', meView());
    await click(button('Write a progress report'));

    await click(button('Publish the report'));

    http.expectNone(() => true);
    expect(textOf(el.querySelector('#self-status-error'))).toBe('Error: This information is required.');
    expect(textOf(el.querySelector('#self-narrative-error'))).toBe('Error: Write the narrative in French or in English (or both).');
    expect(el.querySelector('#self-narrative-fr')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('self-status');

    type(el, '#self-percent', '140');
    await click(button('Add a link'));
    type(el, '#self-link-0', 'ftp://example.org/decree.pdf');
    await click(button('Publish the report'));

    expect(textOf(el.querySelector('#self-percent-error'))).toBe('Error: Enter a whole number from 0 to 100, or leave it empty.');
    expect(textOf(el.querySelector('#self-link-0-error'))).toBe('Error: Enter a full link starting with http:// or https://.');
    expect(el.querySelector('#self-link-0')?.getAttribute('aria-describedby')).toBe('self-link-0-error');
  });

  it('sends only what was given, shows the report at once and empties the form', async () => {
    const earlier = reportView({ id: 'r-old', status: 'in_progress', createdAt: '2015-03-01T10:00:00Z' });
    await open('self_report', meView(), [earlier]);
    await click(button('Write a progress report'));

    choose(el, '#self-status', 'completed');
    type(el, '#self-percent', '100');
    type(el, '#self-narrative-fr', '  Les 12 juges spécialisés sont en poste.  ');
    await click(button('Add a link'));
    type(el, '#self-link-0', 'https://www.sgg-mali.ml/decret-2015.pdf');
    await click(button('Add a link'));
    await click(button('Add a link'));
    type(el, '#self-link-2', 'https://example.org/second');
    await click(el.querySelectorAll<HTMLButtonElement>('.link-row button')[1]);
    type(el, '#self-indicator-0', '12');
    choose(el, '#self-corrects', 'r-old');

    await click(button('Publish the report'));

    const request = http.expectOne('/api/commitments/c1/reports');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({
      kind: 'self_report',
      status: 'completed',
      percent: 100,
      narrative: { fr: 'Les 12 juges spécialisés sont en poste.' },
      evidenceLinks: ['https://www.sgg-mali.ml/decret-2015.pdf', 'https://example.org/second'],
      indicatorValues: { '0': 12 },
      correctsId: 'r-old',
    });
    const created = reportView({ id: 'r-new', status: 'completed' });
    await answer(request, created);

    expect(published).toEqual([created]);
    expect(textOf(el.querySelector('[role="status"]'))).toContain('Your report is published.');
    expect(el.querySelector('[role="status"] a')?.getAttribute('href')).toBe('/#report-r-new');
    expect(el.querySelector<HTMLFormElement>('form')?.hidden).toBe(true);
    expect(el.querySelector<HTMLSelectElement>('#self-status')?.value).toBe('');
    expect(el.querySelector<HTMLTextAreaElement>('#self-narrative-fr')?.value).toBe('');
    expect(el.querySelectorAll('.link-row')).toHaveLength(0);
  });

  it('puts the server’s 400 messages on the fields they name', async () => {
    await open('independent_assessment', meView({ organization: civilOrg }));
    await click(button('Write an assessment'));
    choose(el, '#assess-status', 'stalled');
    type(el, '#assess-narrative-en', 'Nothing moved since March.');
    await click(button('Add a link'));
    type(el, '#assess-link-0', 'http://intranet/report');
    type(el, '#assess-indicator-1', '3');
    await click(button('Publish the assessment'));

    await answer(
      http.expectOne('/api/commitments/c1/reports'),
      apiError(400, 'invalid_input', {}, [
        problem('evidenceLinks', 'url'),
        problem('indicatorValues.1', 'number'),
        problem('narrative.en', 'too_long', { max: 20000 }),
      ]),
      400,
    );

    expect(textOf(el.querySelector('#assess-links-error'))).toBe('Error: Enter a full link starting with http:// or https://.');
    expect(el.querySelector('#assess-link-0')?.getAttribute('aria-invalid')).toBe('true');
    expect(textOf(el.querySelector('#assess-indicator-1-error'))).toBe('Error: Enter a number.');
    expect(textOf(el.querySelector('#assess-narrative-en-error'))).toBe('Error: Use at most 20,000 characters.');
    expect(el.querySelector('.form-failure')).toBeNull();
    expect(el.querySelector<HTMLTextAreaElement>('#assess-narrative-en')?.value).toBe('Nothing moved since March.');
    expect(published).toEqual([]);
  });

  it('says above the form what names no field, and keeps the draft', async () => {
    await open('independent_assessment', meView({ organization: civilOrg }));
    await click(button('Write an assessment'));
    choose(el, '#assess-status', 'stalled');
    type(el, '#assess-narrative-fr', 'Rien n’a bougé.');
    await click(button('Publish the assessment'));

    await answer(http.expectOne('/api/commitments/c1/reports'), apiError(403, 'civil_society_only'), 403);

    expect(textOf(el.querySelector('.form-failure'))).toBe('Only members of civil-society organisations may do this.');
    expect(document.activeElement).toBe(el.querySelector('.form-failure'));
    expect(el.querySelector<HTMLTextAreaElement>('#assess-narrative-fr')?.value).toBe('Rien n’a bougé.');
  });

  it('keeps the draft when the commitment is updated live', async () => {
    await open('self_report', meView());
    await click(button('Write a progress report'));
    type(el, '#self-narrative-en', 'Half of the judges are appointed.');
    type(el, '#self-indicator-0', '6');

    fixture.componentRef.setInput('commitment', commitmentView({ currentStatus: 'stalled', contested: true }));
    await fixture.whenStable();

    expect(el.querySelector<HTMLTextAreaElement>('#self-narrative-en')?.value).toBe('Half of the judges are appointed.');
    expect(el.querySelector<HTMLInputElement>('#self-indicator-0')?.value).toBe('6');
    expect(el.querySelector<HTMLFormElement>('form')?.hidden).toBe(false);
  });

  it('offers at most ten links', async () => {
    await open('self_report', meView());
    await click(button('Write a progress report'));
    for (let i = 0; i < 10; i++) {
      await click(button('Add a link'));
    }
    expect(el.querySelectorAll('.link-row')).toHaveLength(10);
    expect([...el.querySelectorAll('button')].some((b) => textOf(b) === 'Add a link')).toBe(false);
  });
});

describe('report form rules', () => {
  it('accepts whole percentages from 0 to 100, or none', () => {
    expect(percentRange(new FormControl(null))).toBeNull();
    expect(percentRange(new FormControl(0))).toBeNull();
    expect(percentRange(new FormControl(100))).toBeNull();
    expect(percentRange(new FormControl(101))).toEqual({ percentRange: true });
    expect(percentRange(new FormControl(12.5))).toEqual({ percentRange: true });
    expect(percentRange(new FormControl(-1))).toEqual({ percentRange: true });
  });

  it('accepts http and https links only', () => {
    expect(httpLink(new FormControl('https://example.org/a.pdf'))).toBeNull();
    expect(httpLink(new FormControl('http://localhost/x'))).toBeNull();
    expect(httpLink(new FormControl('javascript:alert(1)'))).toEqual({ url: true });
    expect(httpLink(new FormControl('www.example.org'))).toEqual({ url: true });
    expect(httpLink(new FormControl(''))).toBeNull();
  });

  it('leaves out of the request what was not given', () => {
    expect(
      toReportInput('independent_assessment', {
        status: 'stalled',
        percent: null,
        narrative: { en: ' ', fr: 'Rien.' },
        evidenceLinks: [' ', ''],
        indicatorValues: { '0': null, '1': 0 },
        correctsId: '',
      }),
    ).toEqual({ kind: 'independent_assessment', status: 'stalled', narrative: { fr: 'Rien.' }, indicatorValues: { '1': 0 } });
  });
});
