import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RestrictionView, SanctionKind } from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Whether sanction `s` still reaches its person (`u`, their users row): a named one always; one
 * taken through a pseudonym only while the account is in the epoch that pseudonym belonged to.
 */
const SANCTION_BINDS = `(NOT s.through_pseudonym OR s.user_epoch = u.epoch)`;

interface RestrictionRow {
  id: string;
  kind: SanctionKind;
  until: Date | null;
  reason: string;
  created_at: Date;
}

// What keeps a person from posting: a mute until its time, or a bar reached through a pseudonymous
// message (a suspension through a named message suspends the account itself, which the account's
// status already enforces). Warnings restrict nothing; they are listed so the person sees them.
// One taken through a pseudonym binds the (person, epoch) it reached: after a reset it neither
// restricts nor shows (DESIGN.md, "Safe participation").
const LIVE = `s.user_id = $1 AND s.lifted_at IS NULL AND ${SANCTION_BINDS}
  AND (s.kind = 'warning' OR (s.kind = 'mute' AND s.until > now()) OR (s.kind = 'suspend' AND s.through_pseudonym))`;
const FROM = 'sanctions s JOIN users u ON u.id = s.user_id';

/**
 * A person's own restrictions. Read by their own requests only: no account list or account
 * history reads the sanctions table, so a restriction reached through a pseudonymous message
 * never shows who it restricts.
 */
/** Whether a sanction still reaches its person (moderation tells them when it is lifted only then). */
export async function sanctionBinds(db: Pick<EntityManager, 'query'>, sanctionId: string): Promise<boolean> {
  const [row] = (await db.query(`SELECT ${SANCTION_BINDS} AS binds FROM ${FROM} WHERE s.id = $1`, [sanctionId])) as Array<{
    binds: boolean;
  }>;
  return row?.binds ?? false;
}

@Injectable()
export class RestrictionsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async mine(userId: string): Promise<RestrictionView[]> {
    const rows = (await this.db.query(
      `SELECT s.id, s.kind, s.until, s.reason, s.created_at FROM ${FROM} WHERE ${LIVE} ORDER BY s.created_at DESC`,
      [userId],
    )) as RestrictionRow[];
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      until: r.until?.toISOString() ?? null,
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
    }));
  }

  /** The restriction that stops this person posting now, if any. */
  async postingBlock(userId: string, db: Pick<EntityManager, 'query'> = this.db): Promise<RestrictionRow | null> {
    const [row] = (await db.query(
      `SELECT s.id, s.kind, s.until, s.reason, s.created_at FROM ${FROM} WHERE ${LIVE} AND s.kind <> 'warning'
        ORDER BY (s.kind = 'suspend') DESC, s.until DESC NULLS FIRST LIMIT 1`,
      [userId],
    )) as RestrictionRow[];
    return row ?? null;
  }
}

export function restrictionMessage(block: { kind: SanctionKind; until: Date | null }): string {
  return block.kind === 'mute' && block.until
    ? `You are muted until ${block.until.toISOString()}: you cannot post for now`
    : 'The moderators have barred you from posting';
}
