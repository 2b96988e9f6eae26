import type { ArgumentsHost } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host';
import { QueryFailedError } from 'typeorm';

import { SOCKET_FAILURE, SocketErrorFilter } from './socket-error.filter';

/** The arguments Nest hands a gateway's exception filter: socket, data, ack, then the event's name. */
function wsHost(data: unknown, ack?: (answer: unknown) => void): ArgumentsHost {
  const host = new ExecutionContextHost([{ id: 'socket' }, data, ack, 'subscribe']);
  host.setType('ws');
  return host;
}

describe(SocketErrorFilter.name, () => {
  let sut: SocketErrorFilter;
  let error: jest.SpyInstance;

  beforeEach(() => {
    sut = new SocketErrorFilter();
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  const viewerId = '6f1c2d0e-59a4-4b8e-9d3a-0c1e2f3a4b5c';
  const failed = () =>
    new QueryFailedError(
      'SELECT … FROM messages m WHERE m.thread_id = $3',
      [viewerId, false, 'e905d52e-0000-4000-8000-000000000000', 0, 501],
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    );

  it('logs a failed query without its parameters, nor the event’s payload', () => {
    sut.catch(
      failed(),
      wsHost({ room: 'thread:e905d52e-0000-4000-8000-000000000000', since: 3 }, () => undefined),
    );
    expect(error).toHaveBeenCalledTimes(1);
    const logged = JSON.stringify(error.mock.calls[0]);
    expect(logged).toContain('57014');
    expect(logged).toContain('subscribe');
    expect(logged).not.toContain(viewerId);
    expect(logged).not.toContain('e905d52e');
    expect(logged).not.toContain('parameters');
  });

  it('answers an event that waits for an acknowledgement, so the client is not left waiting', () => {
    const ack = jest.fn();
    sut.catch(new Error('boom'), wsHost({ room: 'dashboard' }, ack));
    expect(ack).toHaveBeenCalledWith(SOCKET_FAILURE);
  });

  it('only logs an event sent without an acknowledgement (typing)', () => {
    expect(() => sut.catch(new Error('boom'), wsHost({ threadId: 'x' }))).not.toThrow();
    expect(error).toHaveBeenCalledTimes(1);
  });
});
