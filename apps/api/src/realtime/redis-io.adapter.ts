import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

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
      server.adapter(createAdapter(pub, sub, { key: `${redis.prefix}socket.io` }));
    }
    return server;
  }
}
