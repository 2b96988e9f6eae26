import { type ArgumentsHost, Catch, Logger, type WsExceptionFilter } from '@nestjs/common';
import type { Ack } from '@suivi/contracts';

import { withoutQueryParameters } from '../common/http-exception.filter';

export const SOCKET_FAILURE: Ack = { ok: false, error: 'unavailable: the server could not answer; try again' };

/**
 * What the HTTP filter does for requests, for socket events: the error is logged without its SQL
 * parameters (a socket's queries carry the viewer's and the thread's ids), and an event that
 * asked for an acknowledgement gets one saying it failed instead of waiting forever. Nothing of
 * the event's payload is logged, only its name.
 */
@Catch()
export class SocketErrorFilter implements WsExceptionFilter {
  private readonly logger = new Logger('RealtimeGateway');

  catch(exception: unknown, host: ArgumentsHost): void {
    const event = host.switchToWs().getPattern();
    this.logger.error({ err: withoutQueryParameters(exception), event }, 'socket event failed');
    // The gateway's handlers are called with (socket, data, ack).
    const ack: unknown = host.getArgByIndex(2);
    if (typeof ack === 'function') {
      (ack as (answer: Ack) => void)(SOCKET_FAILURE);
    }
  }
}
