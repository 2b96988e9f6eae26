import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Server, ServerOptions } from 'socket.io';

import { RedisConnections } from '../redis/redis.module';

/**
 * socket.io on the API's own HTTP server. With Redis, the Redis adapter joins every instance, so
 * an event emitted on one reaches clients connected to another; without it, rooms are in-process.
 */
export class SuiviIoAdapter extends IoAdapter {
  constructor(private readonly context: INestApplicationContext) {
    super(context);
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
      server.adapter(createAdapter(pub, sub, { key: `${redis.prefix}socket.io` }));
      server.engine.on('close', () => {
        pub.disconnect();
        sub.disconnect();
      });
    }
    return server;
  }
}
