import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AuditVerifyView, CheckpointView, OpenDataInfoView } from '@suivi/contracts';
import { translations, translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { CHECKPOINTS_SHOWN, OpenDataPageComponent, VERIFY_PROBLEMS } from './open-data-page.component';

const hash = (c: string) => c.repeat(64);

function info(overrides: Partial<OpenDataInfoView> = {}): OpenDataInfoView {
  return {
    format: 'suivi-open-data/2',
    headSeq: 1234,
    headHash: hash('a'),
    generatedAt: '2026-12-01T10:30:00.000Z',
    size: 3 * 1024 * 1024,
    fileName: 'suivi-open-data-2026-12-01-1234.json',
    download: '/api/export.json',
    ...overrides,
  };
}

function verify(overrides: Partial<AuditVerifyView> = {}): AuditVerifyView {
  return {
    valid: true,
    count: 1234,
    head: hash('a'),
    checkedAt: '2026-12-01T10:31:00.000Z',
    fullyVerifiedAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  };
}

const checkpoints: CheckpointView[] = Array.from({ length: 7 }, (_, i) => ({
  seq: 1200 - i * 100,
  hash: hash(String(9 - i)),
  createdAt: `2026-11-${String(30 - i).padStart(2, '0')}T00:00:00.000Z`,
}));

describe(OpenDataPageComponent.name, () => {
  let http: HttpTestingController;

  async function open(
    lang: 'en' | 'fr',
    answers: { info?: OpenDataInfoView | 'not-ready'; verify?: AuditVerifyView; checkpoints?: CheckpointView[] } = {},
  ): Promise<HTMLElement> {
    await TestBed.inject(LanguageService).use(lang);
    const fixture = TestBed.createComponent(OpenDataPageComponent);
    fixture.detectChanges();
    const infoReq = http.expectOne('/api/open-data');
    if (answers.info === 'not-ready') {
      infoReq.flush(
        {
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'export_not_ready',
          message: 'The first open data export is being generated',
        },
        { status: 503, statusText: 'Service Unavailable' },
      );
    } else {
      infoReq.flush(answers.info ?? info());
    }
    http.expectOne('/api/audit/verify').flush(answers.verify ?? verify());
    http.expectOne('/api/audit/checkpoints').flush(answers.checkpoints ?? checkpoints);
    await fixture.whenStable();
    fixture.detectChanges();
    return fixture.nativeElement as HTMLElement;
  }

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [translocoTesting()],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('offers the JSON export under its own name, with its size, the event it covers and when it was generated', async () => {
    const el = await open('en');
    const link = el.querySelector<HTMLAnchorElement>('.download-json a');
    expect(link?.getAttribute('href')).toBe('/api/export.json');
    expect(link?.getAttribute('download')).toBe('suivi-open-data-2026-12-01-1234.json');
    const item = el.querySelector('.download-json')?.textContent?.replace(/\s+/g, ' ') ?? '';
    expect(item).toContain('(3 MB)');
    expect(item).toContain('Up to event no. 1,234 of the record, generated Dec 1, 2026');
    expect(item).toContain('suivi-open-data/2');
    const csv = [...el.querySelectorAll<HTMLAnchorElement>('.download-list a[download]')].map((a) => a.getAttribute('href'));
    expect(csv).toEqual(['/api/export.json', '/api/commitments/export.csv', '/api/reports/export.csv']);
  });

  it('says what the export holds and never holds, in French too', async () => {
    const el = await open('fr');
    // French groups digits with a narrow no-break space.
    const text = (el.textContent ?? '').replace(/[\u202f\u00a0]/g, ' ');
    const fr = translations.fr.openData;
    expect(el.querySelector('h1')?.textContent).toBe('Données ouvertes');
    for (const said of [...Object.values(fr.holds), ...Object.values(fr.never)]) {
      expect(text).toContain(said.replace(/\u00a0/g, ' '));
    }
    expect(text).toContain('Jusqu’à l’événement n° 1 234 du registre');
    expect(text).toContain('Oui. Les 1 234 événements du registre se suivent sans rupture.');
  });

  it('lists the latest checkpoints as verify-export takes them, and puts the newest in the command to run', async () => {
    const el = await open('en');
    const kept = [...el.querySelectorAll('.checkpoint-list code')].map((c) => c.textContent);
    expect(kept).toHaveLength(CHECKPOINTS_SHOWN);
    expect(kept[0]).toBe(`1200:${hash('9')}`);
    expect(el.querySelector('.command')?.textContent).toBe(
      `npm run verify-export -- suivi-open-data-2026-12-01-1234.json --extends 1200:${hash('9')}`,
    );
  });

  it('explains "valid" and every problem verify-export can report, quoting what it prints', async () => {
    const el = await open('en');
    const quoted = [...el.querySelectorAll('.verify-meanings dt')].map((dt) => dt.textContent?.trim());
    expect(quoted).toHaveLength(VERIFY_PROBLEMS.length + 1);
    expect(quoted).toContain('event N: its hash is not that of its text (the text was changed)');
    expect(quoted).toContain('the chain does not pass through the head you kept (SEQ:HASH)');
  });

  it('says the first export is being prepared rather than failing, and still shows how to check one', async () => {
    const el = await open('en', { info: 'not-ready', checkpoints: [] });
    expect(el.querySelector('.download-json a')).toBeNull();
    expect(el.querySelector('.download-json [role="status"]')?.textContent).toContain('The first export is being prepared');
    expect(el.querySelector('[role="alert"]')).toBeNull();
    expect(el.querySelector('.checkpoint-list')?.textContent).toContain('No checkpoint has been published yet.');
    expect(el.querySelector('.command')?.textContent).toBe('npm run verify-export -- suivi-open-data-….json --extends SEQ:HASH');
  });

  it('says where the record breaks when it does not verify', async () => {
    const el = await open('en', { verify: verify({ valid: false, brokenAt: 412, brokenRecord: 'report:r1', fullyVerifiedAt: null }) });
    const section = el.querySelector('[aria-labelledby="verify-title"]')?.textContent ?? '';
    expect(section).toContain('No. The record is broken from event no. 412.');
    expect(section).toContain('The record report:r1 does not match what the chain recorded for it.');
    expect(section).toContain('No full verification has been completed yet.');
  });
});
