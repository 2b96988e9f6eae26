import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { IDEMPOTENCY_KEY_HEADER } from '@suivi/contracts';

import { idempotencyInterceptor, newIdempotencyKey, RESEND_DELAYS_MS } from './idempotency.interceptor';
import { forgetUnansweredKeys } from './unanswered-keys';

describe('idempotencyInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;

  beforeEach(() => {
    jest.useFakeTimers();
    forgetUnansweredKeys();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([idempotencyInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
  });

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const lost = { status: 0, statusText: 'Unknown Error' };
  const send = (url: string, body: unknown) => {
    const outcome: { value?: unknown; error?: HttpErrorResponse } = {};
    client.post(url, body).subscribe({ next: (v) => (outcome.value = v), error: (e: HttpErrorResponse) => (outcome.error = e) });
    return outcome;
  };

  it('makes keys of 128 random bits without crypto.randomUUID (plain HTTP on a local network)', () => {
    const randomUUID = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(crypto), 'randomUUID');
    Object.defineProperty(Object.getPrototypeOf(crypto), 'randomUUID', { value: undefined, configurable: true });
    let keys: Set<string>;
    try {
      keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    } finally {
      if (randomUUID) {
        Object.defineProperty(Object.getPrototypeOf(crypto), 'randomUUID', randomUUID);
      }
    }
    expect(keys.size).toBe(50);
    for (const key of keys) {
      expect(key).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('sends a key with every POST to the API, but the sign-in routes, and none with a GET', () => {
    client.get('/api/commitments').subscribe();
    client.post('/api/auth/login', {}).subscribe();
    client.post('https://elsewhere.example/api/x', {}).subscribe();
    client.post('/api/threads/t/messages', { body: 'x' }).subscribe();
    expect(http.expectOne('/api/commitments').request.headers.has(IDEMPOTENCY_KEY_HEADER)).toBe(false);
    expect(http.expectOne('/api/auth/login').request.headers.has(IDEMPOTENCY_KEY_HEADER)).toBe(false);
    expect(http.expectOne('https://elsewhere.example/api/x').request.headers.has(IDEMPOTENCY_KEY_HEADER)).toBe(false);
    expect(http.expectOne('/api/threads/t/messages').request.headers.get(IDEMPOTENCY_KEY_HEADER)).toMatch(/^[0-9a-f]{32}$/);
    http.match(() => true).forEach((r) => r.flush({}));
  });

  it('sends again under the same key after a lost answer, and answers with what the server answered then', () => {
    const outcome = send('/api/threads/t/messages', { body: 'Reçu ?' });
    const first = http.expectOne('/api/threads/t/messages');
    const key = first.request.headers.get(IDEMPOTENCY_KEY_HEADER);
    first.error(new ProgressEvent('error'), lost);
    jest.advanceTimersByTime(RESEND_DELAYS_MS[0]);
    const second = http.expectOne('/api/threads/t/messages');
    expect(second.request.headers.get(IDEMPOTENCY_KEY_HEADER)).toBe(key);
    second.flush({ id: 'm1' }, { status: 201, statusText: 'Created' });
    expect(outcome).toEqual({ value: { id: 'm1' } });
  });

  it('does not send again after a refusal (a 4xx is an answer), and forgets the key', () => {
    const outcome = send('/api/threads/t/messages', { body: 'x' });
    http.expectOne('/api/threads/t/messages').flush({ statusCode: 403 }, { status: 403, statusText: 'Forbidden' });
    jest.advanceTimersByTime(10_000);
    http.expectNone('/api/threads/t/messages');
    expect(outcome.error?.status).toBe(403);
    send('/api/threads/t/messages', { body: 'x' });
    const next = http.expectOne('/api/threads/t/messages');
    next.flush({});
  });

  it('asks before sending files again: an answered key is the answer, and nothing is uploaded twice', () => {
    const form = new FormData();
    form.append('report', JSON.stringify({ kind: 'self_report' }));
    form.append('evidence', new File([new Uint8Array(1024)], 'greffe.jpg', { type: 'image/jpeg' }));
    const outcome = send('/api/commitments/c/reports', form);
    const first = http.expectOne('/api/commitments/c/reports');
    const key = first.request.headers.get(IDEMPOTENCY_KEY_HEADER) ?? '';
    first.error(new ProgressEvent('error'), lost);
    jest.advanceTimersByTime(RESEND_DELAYS_MS[0]);
    const question = http.expectOne((r) => r.method === 'GET' && r.url.startsWith(`/api/idempotency-keys/${key}`));
    expect(question.request.url).toContain(`path=${encodeURIComponent('/api/commitments/c/reports')}`);
    question.flush({ status: 201, resource: 'report', id: 'r1', body: { id: 'r1' } });
    http.expectNone('/api/commitments/c/reports');
    expect(outcome).toEqual({ value: { id: 'r1' } });
  });

  it('sends the files again when the key was not answered', () => {
    const form = new FormData();
    form.append('report', '{}');
    send('/api/commitments/c/reports', form);
    http.expectOne('/api/commitments/c/reports').error(new ProgressEvent('error'), lost);
    jest.advanceTimersByTime(RESEND_DELAYS_MS[0]);
    http
      .expectOne((r) => r.url.startsWith('/api/idempotency-keys/'))
      .flush({ code: 'idempotency_key_unanswered' }, { status: 404, statusText: 'Not Found' });
    http.expectOne('/api/commitments/c/reports').flush({ id: 'r2' }, { status: 201, statusText: 'Created' });
  });

  it('keeps the key when every resend failed, so pressing send again with the same words reuses it', () => {
    const outcome = send('/api/threads/t/messages', { body: 'Kidal' });
    const first = http.expectOne('/api/threads/t/messages');
    const key = first.request.headers.get(IDEMPOTENCY_KEY_HEADER);
    first.error(new ProgressEvent('error'), lost);
    for (const delay of RESEND_DELAYS_MS) {
      jest.advanceTimersByTime(delay);
      http.expectOne('/api/threads/t/messages').error(new ProgressEvent('error'), lost);
    }
    expect(outcome.error?.status).toBe(0);
    send('/api/threads/t/messages', { body: 'Kidal' });
    const again = http.expectOne('/api/threads/t/messages');
    expect(again.request.headers.get(IDEMPOTENCY_KEY_HEADER)).toBe(key);
    again.flush({ id: 'm2' });
    // Other words are another message, with another key.
    send('/api/threads/t/messages', { body: 'Gao' });
    const other = http.expectOne('/api/threads/t/messages');
    expect(other.request.headers.get(IDEMPOTENCY_KEY_HEADER)).not.toBe(key);
    other.flush({});
  });
});
