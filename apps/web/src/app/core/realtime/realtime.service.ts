import { DestroyRef, Injectable, InjectionToken, effect, inject, signal, untracked } from '@angular/core';
import type { Ack, ClientToServerEvents, Room, ServerToClientEvents } from '@suivi/contracts';
import { Observable, Subject, filter, firstValueFrom, map } from 'rxjs';
import { AuthService } from '../auth/auth.service';

export type ServerEvent = keyof ServerToClientEvents;
export type EventPayload<E extends ServerEvent> = Parameters<ServerToClientEvents[E]>[0];

/** What this service uses of a socket.io client socket: small enough to fake in a test. */
export interface RealtimeSocket {
  readonly connected: boolean;
  /** False once the server refused the connection: socket.io then does not retry by itself. */
  readonly active: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  connect(): unknown;
  disconnect(): unknown;
}

export interface RealtimeSocketOptions {
  path: string;
  transports: string[];
  /** Called on every connection attempt, so a reconnection carries the current token. */
  auth: (cb: (data: Record<string, unknown>) => void) => void;
}

export type SocketFactory = (options: RealtimeSocketOptions) => RealtimeSocket;

/**
 * Loads socket.io-client on first use only: it stays out of the initial bundle, and a visitor
 * who opens no live page never downloads it.
 */
export const SOCKET_FACTORY = new InjectionToken<() => Promise<SocketFactory>>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => () =>
    import('socket.io-client').then(
      ({ io }): SocketFactory =>
        (options) =>
          io({ ...options, autoConnect: true }) as unknown as RealtimeSocket,
    ),
});

export type RealtimeState = 'idle' | 'connecting' | 'live' | 'offline';

interface Incoming {
  event: string;
  payload: unknown;
}

export interface ListenOptions {
  /**
   * The last `seq` seen in a thread's room: asked for on every join, so that the server first
   * re-sends what changed meanwhile (after a reconnection, or between a page read and the join).
   */
  since?: () => number | null;
  /** Too much changed since `since` for a replay (REPLAY_MAX): the listener reads afresh. */
  onTruncated?: () => void;
}

/**
 * The one live connection of the app (DESIGN.md, "Real time"). Pages ask for events with
 * `listen()`; the rooms they need are joined while someone listens, and joined again after
 * every reconnection (the server forgets them with the connection). A change of session
 * reconnects with the new identity; a token the server refuses is renewed once, then the
 * connection goes on without one (public rooms only).
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly auth = inject(AuthService);
  private readonly loadFactory = inject(SOCKET_FACTORY);
  private readonly incoming = new Subject<Incoming>();
  private readonly rooms = new Map<Room, number>();
  private readonly cursors = new Map<Room, () => number | null>();
  private readonly truncations = new Map<Room, () => void>();
  /** Renewals since the last successful connection: one is worth trying, a second is a loop. */
  private renewals = 0;
  private unavailableRetries = 0;
  private socket: RealtimeSocket | null = null;
  private opening: Promise<RealtimeSocket> | null = null;
  /** The token the server refused after a renewal: not offered again. */
  private refusedToken: string | null = null;
  private readonly current = signal<RealtimeState>('idle');

  /** Whether live updates are flowing; pages may say so. */
  readonly state = this.current.asReadonly();

  constructor() {
    // Another person signed in, or the person signed out: the server must see the new identity.
    let identity: string | null | undefined;
    effect(() => {
      const id = this.auth.me()?.id ?? null;
      if (identity !== undefined && id !== identity) {
        untracked(() => this.reconnect());
      }
      identity = id;
    });
    inject(DestroyRef).onDestroy(() => {
      this.socket?.disconnect();
      this.incoming.complete();
    });
  }

  /**
   * The payloads of `event` for as long as the observable is subscribed. With a room, the room
   * is joined meanwhile; without one, only events sent to the person (e.g. notifications).
   */
  listen<E extends ServerEvent>(event: E, room?: Room, options: ListenOptions = {}): Observable<EventPayload<E>> {
    return new Observable<EventPayload<E>>((subscriber) => {
      if (room && options.since) {
        this.cursors.set(room, options.since);
      }
      if (room && options.onTruncated) {
        this.truncations.set(room, options.onTruncated);
      }
      const release = this.hold(room);
      const subscription = this.incoming
        .pipe(
          filter((m) => m.event === event),
          map((m) => m.payload as EventPayload<E>),
        )
        .subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        release();
      };
    });
  }

  private hold(room: Room | undefined): () => void {
    if (room) {
      const count = this.rooms.get(room) ?? 0;
      this.rooms.set(room, count + 1);
      if (count === 0 && this.socket?.connected) {
        this.join(this.socket, room);
      }
    }
    this.open().catch(() => undefined);
    let released = false;
    return () => {
      if (released) {
        return;
      }
      released = true;
      if (room) {
        const count = (this.rooms.get(room) ?? 1) - 1;
        if (count > 0) {
          this.rooms.set(room, count);
        } else {
          this.rooms.delete(room);
          this.cursors.delete(room);
          this.truncations.delete(room);
          if (this.socket?.connected) {
            this.socket.emit('unsubscribe', { room }, () => undefined);
          }
        }
      }
    };
  }

  /**
   * A fire-and-forget event to the server (typing): dropped while offline, where it would only
   * be stale by the time the connection is back.
   */
  send<E extends 'typing'>(event: E, payload: Parameters<ClientToServerEvents[E]>[0]): void {
    if (this.socket?.connected) {
      this.socket.emit(event, payload);
    }
  }

  private open(): Promise<RealtimeSocket> {
    this.opening ??= this.loadFactory().then((factory) => {
      this.current.set('connecting');
      const socket = factory({
        path: '/socket.io',
        transports: ['websocket', 'polling'],
        auth: (cb) => {
          const token = this.auth.token();
          cb(token && token !== this.refusedToken ? { token } : {});
        },
      });
      this.socket = socket;
      socket.onAny((event, payload) => this.incoming.next({ event, payload }));
      socket.on('connect', () => {
        this.current.set('live');
        this.renewals = 0;
        this.unavailableRetries = 0;
        for (const room of this.rooms.keys()) {
          this.join(socket, room);
        }
      });
      socket.on('disconnect', (reason: string) => {
        this.current.set('offline');
        // The server ends a connection when the account changes: come back with the new rights.
        if (reason === 'io server disconnect') {
          socket.connect();
        }
      });
      socket.on('connect_error', (error: Error) => {
        this.current.set('offline');
        if (socket.active) {
          return;
        }
        if (error.message === 'unavailable') {
          this.retryLater(socket);
        } else {
          void this.retryRefused(socket, error);
        }
      });
      return socket;
    });
    // The client's code did not load (offline): the next listener tries again.
    this.opening.catch(() => {
      this.opening = null;
      this.current.set('offline');
    });
    return this.opening;
  }

  private join(socket: RealtimeSocket, room: Room): void {
    const since = this.cursors.get(room)?.() ?? null;
    socket.emit('subscribe', since === null ? { room } : { room, since }, (ack: Ack) => {
      if (!ack.ok) {
        console.warn(`live updates for ${room} refused: ${ack.error}`);
      } else if (ack.truncated) {
        this.truncations.get(room)?.();
      }
    });
  }

  /**
   * The server could not check the token (its database restarting): the token is not at fault,
   * so keep it and try again, 1 s, 2 s, 4 s… up to 30 s apart.
   */
  private retryLater(socket: RealtimeSocket): void {
    const delay = Math.min(30_000, 1000 * 2 ** this.unavailableRetries++);
    setTimeout(() => {
      if (!socket.connected && !socket.active) {
        socket.connect();
      }
    }, delay);
  }

  /** The server refused the handshake: renew the token once, else go on without it. */
  private async retryRefused(socket: RealtimeSocket, error: Error): Promise<void> {
    const token = this.auth.token();
    if (error.message === 'unauthorized' && token && this.renewals > 0) {
      this.refusedToken = token;
    } else if (error.message === 'unauthorized' && token) {
      this.renewals++;
      let renewed = false;
      try {
        renewed = await firstValueFrom(this.auth.refresh());
      } catch {
        renewed = false;
      }
      if (!renewed || this.auth.token() === token) {
        this.refusedToken = token;
      }
    }
    socket.connect();
  }

  private reconnect(): void {
    this.refusedToken = null;
    const socket = this.socket;
    if (socket) {
      socket.disconnect();
      socket.connect();
    }
  }
}
