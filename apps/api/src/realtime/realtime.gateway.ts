import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import { ROOM_PATTERN, type Ack, type ClientToServerEvents, type Room, type ServerToClientEvents, type Viewer } from '@suivi/contracts';
import type { Subscription } from 'rxjs';
import type { Server, Socket } from 'socket.io';

import { AccountCache, toViewer } from '../accounts/account-cache.service';
import type { AccessTokenPayload } from '../auth/jwt.strategy';
import { TOKEN_ISSUER } from '../auth/jwt.strategy';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { RoomAccess } from './room-access';

interface SocketData {
  viewer: Viewer | null;
}

type SuiviServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type SuiviSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const userRoom = (userId: string) => `user:${userId}`;

/**
 * One gateway for every real-time event. The handshake is authenticated like a request (a
 * token, or none for public rooms only); subscriptions go through the same permission rules as
 * the REST routes. Writes never come through here: they go through REST, and the services push.
 */
@WebSocketGateway()
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() server: SuiviServer;
  private changes: Subscription | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly accounts: AccountCache,
    private readonly rooms: RoomAccess,
  ) {}

  afterInit(server: SuiviServer): void {
    server.use((socket, next) => {
      void this.authenticate(socket as SuiviSocket).then(
        () => next(),
        () => next(new Error('unauthorized')),
      );
    });
    // A change of status, role or organisation ends that person's live connections at once;
    // the client reconnects with its new rights.
    this.changes = this.accounts.changes.subscribe((userId) => {
      server.local.in(userRoom(userId)).disconnectSockets(true);
    });
  }

  onModuleDestroy(): void {
    this.changes?.unsubscribe();
  }

  handleConnection(socket: SuiviSocket): void {
    const viewer = socket.data.viewer;
    if (viewer) {
      void socket.join(userRoom(viewer.id));
    }
  }

  handleDisconnect(socket: SuiviSocket): void {
    for (const room of socket.rooms) {
      if (ROOM_PATTERN.test(room)) {
        void this.announcePresence(room as Room);
      }
    }
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: SuiviSocket, @MessageBody() body: unknown): Promise<Ack> {
    const room = (body as { room?: unknown } | null)?.room;
    if (typeof room !== 'string' || !ROOM_PATTERN.test(room)) {
      return { ok: false, error: 'room: expected thread:<id>, commitment:<id>, dialogue:<id> or dashboard' };
    }
    // The account may have changed since the handshake: read its current state.
    const viewer = socket.data.viewer ? await this.currentViewer(socket.data.viewer.id) : null;
    const verdict = await this.rooms.check(viewer, room as Room);
    if (verdict !== 'ok') {
      return { ok: false, error: verdict };
    }
    await socket.join(room);
    void this.announcePresence(room as Room);
    return { ok: true };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: SuiviSocket, @MessageBody() body: unknown): Promise<Ack> {
    const room = (body as { room?: unknown } | null)?.room;
    if (typeof room !== 'string' || !ROOM_PATTERN.test(room)) {
      return { ok: false, error: 'room: unknown room' };
    }
    await socket.leave(room);
    void this.announcePresence(room as Room);
    return { ok: true };
  }

  /** Services call this after their transaction has committed. */
  emit<E extends keyof ServerToClientEvents>(room: Room | string, event: E, ...payload: Parameters<ServerToClientEvents[E]>): void {
    this.server?.to(room).emit(event, ...payload);
  }

  private async announcePresence(room: Room): Promise<void> {
    try {
      const sockets = await this.server.in(room).fetchSockets();
      this.server.to(room).emit('presence', { room, count: sockets.length });
    } catch (error) {
      this.logger.warn({ err: error }, 'presence count failed');
    }
  }

  private async authenticate(socket: SuiviSocket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === '') {
      socket.data.viewer = null;
      return;
    }
    if (typeof token !== 'string') {
      throw new Error('unauthorized');
    }
    const payload = await this.jwt.verifyAsync<AccessTokenPayload>(token, {
      secret: this.config.jwtSecret,
      issuer: TOKEN_ISSUER,
      algorithms: ['HS256'],
    });
    const viewer = await this.currentViewer(payload.sub, payload.iat);
    if (!viewer) {
      throw new Error('unauthorized');
    }
    socket.data.viewer = viewer;
  }

  private async currentViewer(userId: string, issuedAt?: number): Promise<Viewer | null> {
    const account = await this.accounts.get(userId);
    if (!account || (issuedAt !== undefined && issuedAt * 1000 < account.tokensValidAfter)) {
      return null;
    }
    return toViewer(account);
  }
}
