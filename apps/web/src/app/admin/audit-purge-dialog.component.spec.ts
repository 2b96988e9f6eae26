import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AuditEventView } from '@suivi/contracts';
import { apiError, problem, settle, textOf, type } from '../../testing/accounts';
import { translocoTesting } from '../../testing/i18n-testing';
import { LanguageService } from '../core/language.service';
import { AuditPurgeDialogComponent } from './audit-purge-dialog.component';

const message: AuditEventView = {
  seq: 42,
  at: '2026-12-01T10:00:00Z',
  actor: 'pseudonym:Karité 7K3Q',
  action: 'message.created',
  entityType: 'message',
  entityId: '3f2a9b7c-2222-4222-8222-222222222222',
  dataDigest: 'd'.repeat(64),
  prevHash: 'p'.repeat(64),
  hash: 'h'.repeat(64),
  purged: false,
  intact: true,
};

describe(AuditPurgeDialogComponent.name, () => {
  let fixture: ComponentFixture<AuditPurgeDialogComponent>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let purged: AuditEventView[];
  let stale: number;

  async function open(lang: 'en' | 'fr' = 'en'): Promise<void> {
    TestBed.configureTestingModule({
      imports: [AuditPurgeDialogComponent, translocoTesting()],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    await TestBed.inject(LanguageService).use(lang);
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AuditPurgeDialogComponent);
    el = fixture.nativeElement as HTMLElement;
    purged = [];
    stale = 0;
    fixture.componentInstance.purged.subscribe((e) => purged.push(e));
    fixture.componentInstance.stale.subscribe(() => stale++);
    fixture.detectChanges();
    fixture.componentInstance.open(message);
    await rendered();
  }

  async function rendered(): Promise<void> {
    await settle();
    fixture.detectChanges();
    await settle();
  }

  async function submitWith(reason: string): Promise<void> {
    type(el, '#purge-reason', reason);
    await rendered();
    el.querySelector<HTMLButtonElement>('button[type="submit"]')?.click();
    await rendered();
  }

  afterEach(() => http.verify());

  it('names the event and says, before anything is sent, what a purge does and that it is recorded', async () => {
    await open();

    expect(textOf(el.querySelector('dialog h2'))).toBe('Purge event no. 42');
    expect(textOf(el.querySelector('.dialog-quote'))).toContain('Message posted — Message 3f2a9b7c-2222-4222-8222-222222222222');
    expect(textOf(el.querySelector('.dialog-quote'))).toContain('Karité 7K3Q (pseudonym)');
    expect([...el.querySelectorAll('.notice-warning p')].map((p) => textOf(p))).toEqual([
      'A purge erases this event’s data for good. When the event is about a message or an evidence file, it also erases the message’s words or the file, and the data of every other event about it; people reading the discussion see the message hidden at once.',
      'The events stay in the chain, marked purged, and the chain still verifies. The purge is itself recorded as an event, with your reason and your account. It cannot be undone.',
    ]);
  });

  it('says it in French too', async () => {
    await open('fr');

    expect(textOf(el.querySelector('dialog h2'))).toBe('Purger l’événement n° 42');
    expect(textOf(el.querySelector('.notice-warning'))).toContain(
      'La purge est elle-même inscrite comme un événement, avec votre motif et votre compte.',
    );
    expect(textOf(el.querySelector('label[for="purge-reason"]'))).toBe('Motif de la purge');
  });

  it('refuses spaces as a reason without asking the server', async () => {
    await open();

    await submitWith('        ');

    expect(textOf(el.querySelector('#purge-reason-error'))).toContain('required');
    expect(el.querySelector('#purge-reason')?.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement?.id).toBe('purge-reason');
  });

  it('puts the server’s refusal of the reason on the field, and a failure that names no field above the form', async () => {
    await open();

    await submitWith('A reason the server refuses');
    http.expectOne('/api/audit/42/purge').flush(apiError(400, 'invalid_input', {}, [problem('reason', 'too_short', { min: 5 })]), {
      status: 400,
      statusText: 'Bad Request',
    });
    await rendered();
    expect(el.querySelector('#purge-reason')?.getAttribute('aria-invalid')).toBe('true');
    expect(el.querySelector('.form-failure')).toBeNull();

    await submitWith('Names a witness');
    http.expectOne('/api/audit/42/purge').error(new ProgressEvent('error'), { status: 0 });
    await rendered();
    expect(textOf(el.querySelector('.form-failure'))).not.toBe('');
    expect(purged).toEqual([]);
    expect(stale).toBe(0);
  });

  it('tells the page what was purged', async () => {
    await open();

    await submitWith('Names a witness');
    http.expectOne('/api/audit/42/purge').flush({ ...message, purged: true });
    await rendered();

    expect(purged.map((e) => [e.seq, e.purged])).toEqual([[42, true]]);
    expect(el.querySelector('dialog[open]')).toBeNull();
  });
});
