import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { can, type Room, type Viewer } from '@suivi/contracts';
import { DataSource } from 'typeorm';

import { readThreadAccess } from '../threads/threads.service';

/** Who may listen to a room: the same rules as reading the thing over REST. */
@Injectable()
export class RoomAccess {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async check(viewer: Viewer | null, room: Room): Promise<'ok' | string> {
    if (room === 'dashboard') {
      return 'ok';
    }
    if (room === 'moderation') {
      // The same rule as GET /moderation/flags; a change of role disconnects the socket (see the gateway).
      return can.moderate(viewer) ? 'ok' : viewer ? 'forbidden: only the secretariat moderates' : 'unauthorized: sign in to moderate';
    }
    const [kind, id] = room.split(':') as ['thread' | 'commitment' | 'dialogue', string];
    if (kind === 'commitment' || kind === 'dialogue') {
      const [exists] = (await this.db.query(`SELECT 1 FROM ${kind === 'commitment' ? 'commitments' : 'dialogues'} WHERE id = $1`, [
        id,
      ])) as unknown[];
      return exists ? 'ok' : 'room: not found';
    }
    const thread = await readThreadAccess(this.db, id);
    if (!thread) {
      return 'room: not found';
    }
    return can.readThread(viewer, thread)
      ? 'ok'
      : viewer
        ? 'forbidden: your account may not read this thread'
        : 'unauthorized: sign in to read this thread';
  }
}
