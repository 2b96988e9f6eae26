import { Injectable } from '@nestjs/common';
import type { Room, ServerToClientEvents } from '@suivi/contracts';

/** Where a person's own events go (notifications): only for an account that may read them. */
export const personRoom = (userId: string) => `user:${userId}` as const;
export type PersonRoom = ReturnType<typeof personRoom>;

export type Delivery = <E extends keyof ServerToClientEvents>(
  room: Room | PersonRoom,
  event: E,
  payload: Parameters<ServerToClientEvents[E]>[0],
) => void;

/**
 * Features publish here, after their write's commit (from a DomainEvents `after` handler); the
 * real-time gateway delivers. Neither knows the other: the gateway attaches itself when its
 * socket server starts, and until then (a command-line task, a test without sockets) a
 * publication reaches nobody.
 */
@Injectable()
export class LiveChannel {
  private delivery: Delivery | null = null;

  attach(delivery: Delivery | null): void {
    this.delivery = delivery;
  }

  publish<E extends keyof ServerToClientEvents>(room: Room | PersonRoom, event: E, payload: Parameters<ServerToClientEvents[E]>[0]): void {
    this.delivery?.(room, event, payload);
  }
}
