import type { Provider } from '@angular/core';
import type { RealtimeSocket, RealtimeSocketOptions, SocketFactory } from '../app/core/realtime/realtime.service';
import { SOCKET_FACTORY } from '../app/core/realtime/realtime.service';

type Listener = (...args: never[]) => void;

/** A socket.io client socket in memory: the test plays the server. */
export class FakeSocket implements RealtimeSocket {
  connected = false;
  active = true;
  readonly emitted: Array<{ event: string; args: unknown[] }> = [];
  readonly connects: Array<Record<string, unknown>> = [];
  private readonly listeners = new Map<string, Listener[]>();
  private readonly anyListeners: Array<(event: string, ...args: unknown[]) => void> = [];

  constructor(readonly options: RealtimeSocketOptions) {}

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  onAny(listener: (event: string, ...args: unknown[]) => void): this {
    this.anyListeners.push(listener);
    return this;
  }

  /** What the server answers a `subscribe` (a test may make it refuse, or report a truncated replay). */
  subscribeAck: (request: unknown) => unknown = () => ({ ok: true });

  emit(event: string, ...args: unknown[]): this {
    this.emitted.push({ event, args });
    const ack = args[args.length - 1];
    if (typeof ack === 'function') {
      (ack as (a: unknown) => void)(event === 'subscribe' ? this.subscribeAck(args[0]) : { ok: true });
    }
    return this;
  }

  connect(): this {
    this.active = true;
    this.options.auth((data) => this.connects.push(data));
    return this;
  }

  disconnect(): this {
    this.active = false;
    if (this.connected) {
      this.connected = false;
      this.fire('disconnect', 'io client disconnect');
    }
    return this;
  }

  // What the server does

  /** The server accepts the last handshake. */
  accept(): void {
    this.connected = true;
    this.fire('connect');
  }

  /** The connection drops (network): socket.io reconnects by itself, which `accept()` then completes. */
  drop(): void {
    this.connected = false;
    this.fire('disconnect', 'transport close');
  }

  /** The server ends the connection (an account changed): socket.io does not come back by itself. */
  serverDisconnect(): void {
    this.connected = false;
    this.fire('disconnect', 'io server disconnect');
  }

  /** The server's middleware refuses the handshake. */
  refuse(message = 'unauthorized'): void {
    this.connected = false;
    this.active = false;
    this.fire('connect_error', new Error(message));
  }

  push(event: string, payload: unknown): void {
    for (const listener of this.anyListeners) {
      listener(event, payload);
    }
  }

  /** The rooms asked for, in order. */
  subscriptions(kind: 'subscribe' | 'unsubscribe' = 'subscribe'): unknown[] {
    return this.emitted.filter((e) => e.event === kind).map((e) => (e.args[0] as { room: unknown }).room);
  }

  private fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) {
      (listener as (...a: unknown[]) => void)(...args);
    }
  }
}

/** Provides a SOCKET_FACTORY that hands out fake sockets; `sockets` lists them as they are made. */
export function fakeSockets(): { sockets: FakeSocket[]; provider: Provider } {
  const sockets: FakeSocket[] = [];
  const factory: SocketFactory = (options) => {
    const socket = new FakeSocket(options);
    sockets.push(socket);
    socket.connect();
    return socket;
  };
  return { sockets, provider: { provide: SOCKET_FACTORY, useValue: () => Promise.resolve(factory) } };
}
