import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import { isObservable, lastValueFrom, type Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';

import { RedisConnections } from '../redis/redis.module';

/**
 * socket.io on the API's own HTTP server. With Redis, the Redis adapter joins every instance, so
 * an event emitted on one reaches clients connected to another; without it, rooms are in-process.
 */
export class SuiviIoAdapter extends IoAdapter {
  private readonly redisConnections: Redis[] = [];

  constructor(private readonly context: INestApplicationContext) {
    super(context);
  }

  /** The adapter's own Redis connections end with the server, or the process never exits. */
  override async close(server: Server): Promise<void> {
    await super.close(server);
    for (const connection of this.redisConnections.splice(0)) {
      connection.disconnect();
    }
  }

  /**
   * One plain listener per event and socket. Nest's version builds an rxjs pipeline per event per
   * socket (fromEvent, mergeMap, takeUntil…): about 10 KB more per idle connection (heap
   * snapshots, tests/perf W1). Our handlers answer with a value or a promise, which is acked.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(String(message), (...args: unknown[]) => {
        // As rxjs's fromEvent hands them over: one argument alone, several as an array.
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        let result: unknown = callback(data, ack);
        if (isObservable(result)) {
          result = lastValueFrom(result, { defaultValue: undefined });
        } else if (!(result instanceof Promise)) {
          result = lastValueFrom(transform(result), { defaultValue: undefined });
        }
        void (result as Promise<unknown>).then(
          (response) => {
            if (response === undefined || response === null) {
              return;
            }
            const reply = response as { event?: string; data?: unknown };
            if (reply.event) {
              socket.emit(reply.event, reply.data);
            } else if (!isAckHandledManually && typeof ack === 'function') {
              (ack as (r: unknown) => void)(response);
            }
          },
          // Nest's exception filters for gateways already answered; nothing is left to do here.
          () => undefined,
        );
      });
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      path: '/socket.io',
      serveClient: false,
      // Compression costs several times the CPU and memory per connection for small messages.
      perMessageDeflate: false,
      transports: ['websocket', 'polling'],
    }) as Server;
    const redis = this.context.get(RedisConnections);
    if (redis.client) {
      const pub = redis.client.duplicate();
      const sub = redis.client.duplicate();
      this.redisConnections.push(pub, sub);
      // RedisConnections logs an outage once; without listeners of their own, these two would
      // print a line on every reconnection attempt.
      pub.on('error', () => undefined);
      sub.on('error', () => undefined);
      server.adapter(createAdapter(withoutFailingPublishes(pub), sub, { key: `${redis.prefix}socket.io` }));
    }
    return server;
  }
}

/**
 * The adapter publishes every broadcast without handling the promise: while Redis is down, the
 * rejected publish (after ioredis's retries) is an unhandled rejection, which ends the process.
 * The local sockets have their event by then; the other instances cannot, until Redis returns.
 */
export function withoutFailingPublishes(client: Redis): Redis {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'publish') {
        return (...args: Parameters<Redis['publish']>) => target.publish(...args).catch(() => 0);
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
