import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';

import { HttpErrorFilter } from './http-exception.filter';

function fakeReply() {
  const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      sent.body = body;
      return reply;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => reply }) } as unknown as ArgumentsHost;
  return { sent, host };
}

describe(HttpErrorFilter.name, () => {
  let sut: HttpErrorFilter;
  let error: jest.SpyInstance;
  let warn: jest.SpyInstance;

  beforeEach(() => {
    sut = new HttpErrorFilter();
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const lostConnections: Array<[string, unknown]> = [
    ['a query on a runner released when its connection died', new QueryRunnerProviderAlreadyReleasedError()],
    ['the commit of a transaction whose connection died', new QueryRunnerAlreadyReleasedError()],
    ['a client that saw a connection error', new Error('Client has encountered a connection error and is not queryable')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    [
      'the server shutting down (57P01)',
      new QueryFailedError('SELECT 1', [], Object.assign(new Error('terminating connection'), { code: '57P01' })),
    ],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ];

  it.each(lostConnections)('answers 503 with Retry-After for %s', (_what, exception) => {
    const { sent, host } = fakeReply();
    sut.catch(exception, host);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('5');
    expect(sent.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/database/),
      code: 'unavailable',
      params: {},
    });
  });

  it('logs an outage as one warning, not an error per request', () => {
    for (let i = 0; i < 50; i++) {
      sut.catch(new Error('Connection terminated unexpectedly'), fakeReply().host);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(error).not.toHaveBeenCalled();
  });

  it('still answers 500 and logs an error for anything else', () => {
    const { sent, host } = fakeReply();
    sut.catch(new TypeError('x is undefined'), host);
    expect(sent.status).toBe(500);
    expect(error).toHaveBeenCalledTimes(1);
  });
});
