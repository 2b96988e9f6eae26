import { createSecretKey, type KeyObject } from 'node:crypto';

import { Inject, Logger, OnModuleDestroy, UseFilters } from '@nestjs/common';
import { JsonWebTokenError, JwtService } from '@nestjs/jwt';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import {
  can,
  isActive,
  REPLAY_MAX,
  ROOM_PATTERN,
  type Ack,
  type ClientToServerEvents,
  type DomainEventOf,
  type NamedAuthor,
  type Room,
  type ServerToClientEvents,
  type Viewer,
} from '@suivi/contracts';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Subscription } from 'rxjs';
import type { Server, Socket } from 'socket.io';

import { AccountCache, toViewer } from '../access/account-cache.service';
import type { AccessTokenPayload } from '../access/jwt.strategy';
import { TOKEN_ISSUER } from '../access/jwt.strategy';
import { bilingual } from '../common/bilingual';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { DomainEvents } from '../events/domain-events';
import { LiveChannel, personRoom } from '../events/live-channel';
import { messagesChangedSince } from '../messages/messages.service';
import { RedisConnections } from '../redis/redis.module';
import { readThreadAccess } from '../threads/threads.service';
import { RoomAccess } from './room-access';
import { SocketErrorFilter } from './socket-error.filter';

interface SocketData {
  viewer: Viewer | null;
  /** When this socket last said it was typing, per thread: typing is relayed at most every 2 s. */
  typedAt?: Record<string, number>;
}

const TYPING_EVERY_MS = 2_000;
const PRESENCE_EVERY_MS = 250;

/** People, not connections: one person with two tabs open is one; each anonymous visitor counts once. */
function people(sockets: Array<{ id: string; data: Partial<SocketData> }>): number {
  return new Set(sockets.map((s) => s.data.viewer?.id ?? s.id)).size;
}
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AccessChange = Omit<DomainEventOf<'access.changed'>, 'type'>;
/** Between instances (through the Redis adapter): what one instance's write changed, for the others' sockets. */
interface BetweenInstances {
  'access.changed': (change: AccessChange, done: () => void) => void;
}
/** How long the instance that changed someone's access waits for the others to apply it. */
const OTHER_INSTANCES_MS = 3_000;
type SuiviServer = Server<ClientToServerEvents, ServerToClientEvents, BetweenInstances, SocketData>;
type SuiviSocket = Socket<ClientToServerEvents, ServerToClientEvents, BetweenInstances, SocketData>;

/** Every socket of an account, whatever its status: where a change of the account disconnects them. */
const accountRoom = (userId: string) => `account:${userId}`;

/** The handshake's token is not one this server accepts (as opposed to failing to check it). */
class HandshakeRefused extends Error {
  constructor() {
    super('unauthorized');
  }
}

/** A bad, expired or revoked token; TokenExpiredError and NotBeforeError extend JsonWebTokenError. */
export function isRefusal(error: unknown): boolean {
  return error instanceof HandshakeRefused || error instanceof JsonWebTokenError;
}

/**
 * Transport only: the handshake (authenticated like a request: a token, or none for public rooms
 * only), rooms checked with the same rules as the REST routes, presence, replay and typing. It
 * knows no feature: features publish on the LiveChannel once their writes commit, and this
 * delivers; a change of what people may read (`access.changed`) makes their sockets leave the
 * rooms they may no longer read, on every instance.
 */
@WebSocketGateway()
@UseFilters(new SocketErrorFilter())
export class RealtimeGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() server: SuiviServer;
  private changes: Subscription | null = null;
  private readonly presenceTimers = new Map<Room, NodeJS.Timeout>();
  /** A KeyObject: given a string, jsonwebtoken first tries to parse it as a PEM key on every handshake. */
  private readonly signingKey: KeyObject;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly jwt: JwtService,
    private readonly accounts: AccountCache,
    private readonly rooms: RoomAccess,
    @InjectDataSource() private readonly db: DataSource,
    private readonly live: LiveChannel,
    private readonly events: DomainEvents,
    private readonly redis: RedisConnections,
  ) {
    this.signingKey = createSecretKey(Buffer.from(config.jwtSecret, 'utf8'));
  }

  afterInit(server: SuiviServer): void {
    server.use((socket, next) => {
      void this.authenticate(socket as SuiviSocket).then(
        () => next(),
        (error: unknown) => {
          if (isRefusal(error)) {
            next(new Error('unauthorized'));
            return;
          }
          // The account could not be read (the database is restarting): not the caller's fault.
          // "unauthorized" here made the web app give up its token and carry on signed out.
          this.logger.warn(`handshake unavailable: ${error instanceof Error ? error.message : String(error)}`);
          next(new Error('unavailable'));
        },
      );
    });
    // A change of status, role or organisation ends that person's live connections at once;
    // the client reconnects with its new rights.
    this.changes = this.accounts.changes.subscribe((userId) => {
      server.local.in(accountRoom(userId)).disconnectSockets(true);
    });
    this.live.attach((room, event, payload) =>
      server.to(room).emit(event, ...([payload] as Parameters<ServerToClientEvents[typeof event]>)),
    );
    // Settled before the change's answer: once it has answered, no socket that lost the right
    // hears another word. The instance that committed it asks the others, which each check
    // their own sockets and say when they are done.
    this.events.settle('access.changed', async ({ rooms, userIds }) => {
      const others = this.redis.client
        ? Promise.race([
            // socket.io's types only accept events whose acknowledgement carries a value.
            (server as unknown as { serverSideEmitWithAck(event: string, change: AccessChange): Promise<unknown[]> }).serverSideEmitWithAck(
              'access.changed',
              { rooms, userIds },
            ),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), OTHER_INSTANCES_MS).unref()),
          ]).catch((error: unknown) => this.logger.warn({ err: error }, 'another instance did not confirm a change of access in time'))
        : null;
      await Promise.all([this.recheck({ rooms, userIds }), others]);
    });
    server.sockets.on('access.changed', (change: AccessChange, done?: () => void) => {
      void this.recheck(change).finally(() => done?.());
    });
  }

  onModuleDestroy(): void {
    this.live.attach(null);
    this.changes?.unsubscribe();
    this.presenceTimers.forEach((timer) => clearTimeout(timer));
    this.presenceTimers.clear();
  }

  handleConnection(socket: SuiviSocket): void {
    const viewer = socket.data.viewer;
    if (viewer) {
      void socket.join(can.manageOwnAccount(viewer) ? [accountRoom(viewer.id), personRoom(viewer.id)] : accountRoom(viewer.id));
    }
    // Those who stay hear the new count. By 'disconnect' (and Nest's handleDisconnect) socket.io
    // has already emptied socket.rooms; 'disconnecting' still has them.
    socket.once('disconnecting', () => {
      for (const room of socket.rooms) {
        if (ROOM_PATTERN.test(room)) {
          this.schedulePresence(room as Room);
        }
      }
    });
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: SuiviSocket, @MessageBody() body: unknown): Promise<Ack> {
    const { room, since } = (body ?? {}) as { room?: unknown; since?: unknown };
    if (typeof room !== 'string' || !ROOM_PATTERN.test(room)) {
      return {
        ok: false,
        error: 'room: expected thread:<id>, commitment:<id> or dialogue:<id> with a UUID as id, dashboard or moderation',
      };
    }
    if (since !== undefined && since !== null && !(Number.isSafeInteger(since) && (since as number) >= 0)) {
      return { ok: false, error: 'since: expected the last seq seen in the thread (a whole number, 0 or more)' };
    }
    if (since !== undefined && since !== null && !room.startsWith('thread:')) {
      return { ok: false, error: 'since: only thread rooms replay what was missed' };
    }
    // The account may have changed since the handshake: read its current state.
    const viewer = socket.data.viewer ? await this.currentViewer(socket.data.viewer.id) : null;
    const verdict = await this.rooms.check(viewer, room as Room);
    if (verdict !== 'ok') {
      return { ok: false, error: verdict };
    }
    // Joined before the replay is read, so nothing committed in between is missed; a message
    // that arrives both ways has the same seq, and clients keep one copy.
    await socket.join(room);
    const replayed = typeof since === 'number' ? await this.replay(socket, room.slice('thread:'.length), since, viewer) : true;
    this.schedulePresence(room as Room);
    return replayed ? { ok: true } : { ok: true, truncated: true };
  }

  /**
   * "Someone is typing", relayed to the thread's other readers (not to the typist's own other
   * tabs). Where the typist may post under a pseudonym, it says nothing about who: the box may be
   * ticked after the first keystroke, and the pseudonym is stable in the thread, so a name or a
   * pseudonym here would tie the two together. Whatever the client claims is ignored.
   */
  @SubscribeMessage('typing')
  async typing(@ConnectedSocket() socket: SuiviSocket, @MessageBody() body: unknown): Promise<void> {
    const { threadId } = (body ?? {}) as { threadId?: unknown };
    const viewer = socket.data.viewer;
    if (typeof threadId !== 'string' || !UUID.test(threadId) || !isActive(viewer) || !socket.rooms.has(`thread:${threadId}`)) {
      return;
    }
    const typedAt = (socket.data.typedAt ??= {});
    if (Date.now() - (typedAt[threadId] ?? 0) < TYPING_EVERY_MS) {
      return;
    }
    typedAt[threadId] = Date.now();
    const current = await this.currentViewer(viewer.id);
    const thread = await readThreadAccess(this.db, threadId);
    if (!current || !thread || !can.postInThread(current, thread)) {
      return;
    }
    const author = can.postPseudonymously(current) ? null : await this.namedAuthor(current);
    socket.to(`thread:${threadId}`).except(personRoom(current.id)).emit('typing', { threadId, author });
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: SuiviSocket, @MessageBody() body: unknown): Promise<Ack> {
    const room = (body as { room?: unknown } | null)?.room;
    if (typeof room !== 'string' || !ROOM_PATTERN.test(room)) {
      return { ok: false, error: 'room: unknown room' };
    }
    await socket.leave(room);
    this.schedulePresence(room as Room);
    return { ok: true };
  }

  /**
   * This instance's sockets in these rooms, or of these accounts, each checked again for every
   * room it is in with the account's current state; it leaves those it may no longer read.
   */
  private async recheck({ rooms = [], userIds = [] }: AccessChange): Promise<void> {
    const sockets = new Map<string, SuiviSocket>();
    for (const room of [...rooms, ...userIds.map(accountRoom)]) {
      for (const id of this.server.sockets.adapter.rooms.get(room) ?? []) {
        const socket = this.server.sockets.sockets.get(id);
        if (socket) {
          sockets.set(id, socket as SuiviSocket);
        }
      }
    }
    const viewers = new Map<string, Viewer | null>();
    for (const socket of sockets.values()) {
      const id = socket.data.viewer?.id;
      if (id && !viewers.has(id)) {
        viewers.set(id, await this.currentViewer(id));
      }
      const viewer = id ? (viewers.get(id) ?? null) : null;
      for (const room of [...socket.rooms]) {
        if (ROOM_PATTERN.test(room) && (await this.rooms.check(viewer, room as Room)) !== 'ok') {
          await socket.leave(room);
          this.schedulePresence(room as Room);
        }
      }
    }
  }

  /** Sends what changed after `since`, or nothing when that is more than REPLAY_MAX (false). */
  private async replay(socket: SuiviSocket, threadId: string, since: number, viewer: Viewer | null): Promise<boolean> {
    const messages = await messagesChangedSince(this.db, threadId, since, viewer, REPLAY_MAX + 1);
    if (messages.length > REPLAY_MAX) {
      return false;
    }
    for (const message of messages) {
      socket.emit(message.editedAt || message.state !== 'visible' ? 'message.updated' : 'message.created', message);
    }
    return true;
  }

  private async namedAuthor(viewer: Viewer): Promise<NamedAuthor> {
    const [row] = (await this.db.query(
      `SELECT u.display_name, o.id AS org_id, o.name_en, o.name_fr, o.acronym, o.stakeholder_group
         FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
      [viewer.id],
    )) as Array<{
      display_name: string;
      org_id: string | null;
      name_en: string | null;
      name_fr: string | null;
      acronym: string | null;
      stakeholder_group: Viewer['group'];
    }>;
    return {
      kind: 'member',
      id: viewer.id,
      name: row?.display_name ?? '',
      organization:
        row?.org_id && row.stakeholder_group
          ? { id: row.org_id, name: bilingual(row.name_en, row.name_fr), acronym: row.acronym, group: row.stakeholder_group }
          : null,
    };
  }

  /**
   * Presence is announced once per room per PRESENCE_EVERY_MS, after the last change: a thousand
   * people arriving at once make one count, not a thousand broadcasts to up to a thousand people.
   */
  private schedulePresence(room: Room): void {
    if (this.presenceTimers.has(room)) {
      return;
    }
    const timer = setTimeout(() => {
      this.presenceTimers.delete(room);
      void this.announcePresence(room);
    }, PRESENCE_EVERY_MS);
    timer.unref();
    this.presenceTimers.set(room, timer);
  }

  private async announcePresence(room: Room): Promise<void> {
    try {
      const sockets = await this.server.in(room).fetchSockets();
      this.server.to(room).emit('presence', { room, count: people(sockets) });
    } catch (error) {
      // Without Redis the other instances cannot be asked: count this one's sockets. The outage
      // itself is logged once by RedisConnections, not once per subscription.
      this.logger.debug({ err: error }, 'presence counted on this instance only');
      const local = await this.server.local.in(room).fetchSockets();
      this.server.local.to(room).emit('presence', { room, count: people(local) });
    }
  }

  private async authenticate(socket: SuiviSocket): Promise<void> {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === undefined || token === null || token === '') {
      socket.data.viewer = null;
      return;
    }
    if (typeof token !== 'string') {
      throw new HandshakeRefused();
    }
    const payload = await this.jwt.verifyAsync<AccessTokenPayload>(token, {
      // @nestjs/jwt hands the key to jsonwebtoken unchanged; its types only list string | Buffer.
      secret: this.signingKey as unknown as string,
      issuer: TOKEN_ISSUER,
      algorithms: ['HS256'],
    });
    // The same check as every HTTP request's: the account's current state, and a live session family.
    const viewer = await this.accounts.viewerFor(payload);
    if (!viewer) {
      throw new HandshakeRefused();
    }
    socket.data.viewer = viewer;
  }

  private async currentViewer(userId: string): Promise<Viewer | null> {
    const account = await this.accounts.get(userId);
    return account ? toViewer(account) : null;
  }
}
