import type { Ack } from '@suivi/contracts';
import { io, type Socket } from 'socket.io-client';

import type { TestApp } from './test-app';

/** Starts listening on a free port (once) and returns the base URL. */
export async function listen(t: TestApp): Promise<string> {
  const server = t.running.app.getHttpServer();
  if (!server.listening) {
    await t.running.app.listen({ port: 0, host: '127.0.0.1' });
  }
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** Socket.io clients that a suite closes in its afterEach/afterAll. */
export class SocketPool {
  private readonly sockets: Socket[] = [];

  constructor(private readonly url: () => string) {}

  connect(token?: string): Promise<Socket> {
    const socket = io(this.url(), { path: '/socket.io', transports: ['websocket'], auth: token ? { token } : {}, reconnection: false });
    this.sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', (error) => reject(error));
    });
  }

  closeAll(): void {
    for (const s of this.sockets.splice(0)) {
      s.disconnect();
    }
  }
}

export const subscribe = (socket: Socket, room: string, since?: number) =>
  socket.emitWithAck('subscribe', since === undefined ? { room } : { room, since }) as Promise<Ack>;

/** Collects every event of these names, in arrival order. */
export function record(socket: Socket, ...events: string[]): Array<{ event: string; payload: unknown }> {
  const seen: Array<{ event: string; payload: unknown }> = [];
  for (const event of events) {
    socket.on(event, (payload: unknown) => seen.push({ event, payload }));
  }
  return seen;
}

/** Waits until `check` passes (polling), or fails with its last error. */
export async function eventually(check: () => void, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
