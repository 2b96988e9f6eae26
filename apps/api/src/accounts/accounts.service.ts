import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  can,
  PAGE_SIZE_DEFAULT,
  type AccountStatus,
  type ConfirmationKind,
  type Locale,
  type MeView,
  type NewcomerAccess,
  type NewcomerView,
  type Page,
  type PlatformRole,
  type StakeholderGroup,
  type UserAdminView,
  type Viewer,
} from '@suivi/contracts';
import { DataSource, type EntityManager } from 'typeorm';

import { DomainError, invalidField, notFound } from '../common/domain-error';
import { AuditService, userActor } from '../audit/audit.service';
import { changedRows, SqlParams } from '../database/sql';
import { bilingual } from '../common/bilingual';
import { DomainEvents } from '../events/domain-events';
import { AccountCache } from '../access/account-cache.service';
import type { UpdateUserDto, UserListQueryDto } from './accounts.dto';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  locale: Locale;
  status: AccountStatus;
  role: PlatformRole;
  organization_id: string | null;
  org_name_en: string | null;
  org_name_fr: string | null;
  org_acronym: string | null;
  org_group: StakeholderGroup | null;
  created_at: Date;
  approved_at: Date | null;
  approved_by: string | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  confirmation_by: ConfirmationKind | null;
}

/**
 * Who a civil-society member's confirmation may come from now, beside the secretariat's approval
 * (null: none is owed): one approval must never let an outsider into a safe space. A member of
 * the organisation where it has an active one; else a voucher from another civil-society
 * organisation; else, when civil society has no active member at all, a second secretariat
 * account. `can.confirmMember` reads this; nothing else derives it.
 */
const CONFIRMATION_BY_SQL = `CASE
    WHEN o.stakeholder_group IS DISTINCT FROM 'civil_society' OR u.confirmed_at IS NOT NULL THEN NULL
    WHEN EXISTS (SELECT 1 FROM users m WHERE m.organization_id = u.organization_id AND m.status = 'active' AND m.id <> u.id) THEN 'member'
    WHEN EXISTS (SELECT 1 FROM users m JOIN organizations mo ON mo.id = m.organization_id
                  WHERE mo.stakeholder_group = 'civil_society' AND m.status = 'active' AND m.id <> u.id) THEN 'vouch'
    ELSE 'secretariat' END`;

const USER_SELECT = `
  SELECT u.id, u.email, u.display_name, u.locale, u.status, u.role, u.organization_id, u.created_at, u.approved_at,
         u.approved_by, u.confirmed_at, u.confirmed_by, o.name_en AS org_name_en, o.name_fr AS org_name_fr,
         o.acronym AS org_acronym, o.stakeholder_group AS org_group, (${CONFIRMATION_BY_SQL}) AS confirmation_by
    FROM users u LEFT JOIN organizations o ON o.id = u.organization_id`;

/** A pending newcomer's confirmation to wait for; an active or suspended account waits for none. */
function awaitedConfirmation(row: UserRow): ConfirmationKind | null {
  return row.status === 'pending' ? row.confirmation_by : null;
}

function newcomerAccess(row: UserRow): NewcomerAccess {
  return {
    id: row.id,
    organizationId: row.organization_id,
    confirmationBy: awaitedConfirmation(row),
    approved: row.approved_at !== null,
    approvedBy: row.approved_by,
  };
}

/** At most this many newcomers are listed to one member: vouching is for the first few of new organisations. */
const NEWCOMERS_MAX = 200;

/**
 * What a decision returns when it finds nothing to change: it is not audited and touches no cache,
 * session or socket (DESIGN.md, Permissions: an update that changes nothing touches no socket).
 */
const UNCHANGED = Symbol('unchanged');

@Injectable()
export class AccountsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cache: AccountCache,
    private readonly events: DomainEvents,
  ) {}

  async me(userId: string): Promise<MeView> {
    const row = await this.find(this.db.manager, userId);
    const restrictions = (await this.db.query(
      // A sanction through a pseudonym of an earlier epoch no longer reaches this account (see
      // SANCTION_BINDS in restrictions/restrictions.service.ts): it shows here as little as it binds.
      `SELECT s.kind, s.until, s.reason, s.created_at FROM sanctions s JOIN users u ON u.id = s.user_id
        WHERE s.user_id = $1 AND s.lifted_at IS NULL AND s.kind IN ('warning', 'mute') AND (s.until IS NULL OR s.until > now())
          AND (NOT s.through_pseudonym OR s.user_epoch = u.epoch)
        ORDER BY s.created_at DESC`,
      [userId],
    )) as Array<{ kind: 'warning' | 'mute'; until: Date | null; reason: string; created_at: Date }>;
    const awaiting: MeView['awaiting'] = [];
    if (row.status === 'pending') {
      if (!row.approved_at) {
        awaiting.push('approval');
      }
      if (row.confirmation_by !== null) {
        awaiting.push('confirmation');
      }
    }
    return {
      ...accountBase(row),
      awaiting,
      restrictions: restrictions.map((r) => ({
        kind: r.kind,
        until: r.until?.toISOString() ?? null,
        reason: r.reason,
        at: r.created_at.toISOString(),
      })),
    };
  }

  async updateMe(userId: string, changes: { displayName?: string; locale?: Locale }): Promise<MeView> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE users SET display_name = coalesce($2, display_name), locale = coalesce($3, locale), updated_at = now() WHERE id = $1`,
        [userId, changes.displayName?.trim() ?? null, changes.locale ?? null],
      );
      await this.audit.append(tx, {
        actor: userActor(userId),
        action: 'user.profile_updated',
        entityType: 'user',
        entityId: userId,
        data: changes,
      });
    });
    return this.me(userId);
  }

  async list(query: UserListQueryDto): Promise<Page<UserAdminView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? PAGE_SIZE_DEFAULT;
    const where: string[] = [];
    const sql = new SqlParams();
    if (query.status) {
      where.push(`u.status = ${sql.add(query.status)}`);
    }
    if (query.role) {
      where.push(`u.role = ${sql.add(query.role)}`);
    }
    if (query.organizationId) {
      where.push(`u.organization_id = ${sql.add(query.organizationId)}`);
    }
    if (query.q?.trim()) {
      const p = sql.add(`%${query.q.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      where.push(`(u.email ILIKE ${p} OR u.display_name ILIKE ${p})`);
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ n }] = (await this.db.query(
      `SELECT count(*)::int AS n FROM users u LEFT JOIN organizations o ON o.id = u.organization_id ${whereSql}`,
      sql.values,
    )) as Array<{ n: number }>;
    // Pending accounts first: they are what the secretariat has to act on.
    const rows = (await this.db.query(
      `${USER_SELECT} ${whereSql} ORDER BY (u.status = 'pending') DESC, u.created_at DESC, u.id
        LIMIT ${sql.add(pageSize)} OFFSET ${sql.add((page - 1) * pageSize)}`,
      sql.values,
    )) as UserRow[];
    return { items: rows.map(toAdminView), total: n, page, pageSize };
  }

  async approve(id: string, reason: string, actor: Viewer): Promise<UserAdminView> {
    return this.decide(id, actor, 'user.approved', reason, async (tx, row) => {
      if (row.status !== 'pending' || row.approved_at) {
        throw new DomainError('account_state', 'Only a pending account that is not yet approved can be approved', { state: row.status });
      }
      if (!can.approveAccount(actor, { confirmedBy: row.confirmed_by })) {
        throw new DomainError('second_secretariat_required', 'You confirmed this account: another secretariat account approves it');
      }
      await tx.query(
        `UPDATE users SET approved_at = now(), approved_by = $3, status = CASE WHEN $2 THEN 'pending' ELSE 'active' END, updated_at = now()
          WHERE id = $1`,
        [id, row.confirmation_by !== null, actor.id],
      );
      // A first member of an organisation with none active can be vouched for only once approved: the vouchers hear of it now.
      if (row.confirmation_by !== null && !row.confirmed_at) {
        await this.events.record(tx, { type: 'newcomer.waiting', userId: id });
      }
    });
  }

  async suspend(id: string, reason: string, actor: Viewer): Promise<UserAdminView> {
    await this.db.transaction((tx) => this.suspendWithin(tx, id, reason, actor));
    return this.settled(id);
  }

  /**
   * The suspension inside a caller's transaction (a moderator's sanction through a named message:
   * the account and the sanction row are written together or not at all). Call `settled` after
   * the commit.
   */
  async suspendWithin(tx: EntityManager, id: string, reason: string, actor: Viewer): Promise<void> {
    if (id === actor.id) {
      throw new DomainError('own_account', 'You cannot suspend your own account');
    }
    await this.decideWithin(tx, id, actor, 'user.suspended', reason, async (row) => {
      if (row.status === 'suspended') {
        throw new DomainError('already_done', 'This account is already suspended', { state: 'suspended' });
      }
      await tx.query(`UPDATE users SET status = 'suspended', updated_at = now() WHERE id = $1`, [id]);
      await tx.query(`UPDATE sessions SET revoked_at = now(), revoke_reason = 'suspended' WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    });
  }

  /** After a committed change to an account: its cached state goes, and its current view is read. */
  async settled(id: string): Promise<UserAdminView> {
    await this.cache.invalidate(id);
    return toAdminView(await this.find(this.db.manager, id));
  }

  async reinstate(id: string, reason: string, actor: Viewer): Promise<UserAdminView> {
    return this.decide(id, actor, 'user.reinstated', reason, async (tx, row) => {
      if (row.status !== 'suspended') {
        throw new DomainError('account_state', 'Only a suspended account can be reinstated', { state: row.status });
      }
      const open = row.approved_at && row.confirmation_by === null;
      await tx.query(`UPDATE users SET status = $2, updated_at = now() WHERE id = $1`, [id, open ? 'active' : 'pending']);
      // A suspension taken through a named message is this account's suspension: reinstating ends
      // it. Bars through a pseudonym are not account matters and stay as they are.
      const lifted = await changedRows<{ id: string }>(
        tx,
        `UPDATE sanctions SET lifted_at = now(), lifted_by = $2, lift_reason = $3
          WHERE user_id = $1 AND kind = 'suspend' AND NOT through_pseudonym AND lifted_at IS NULL RETURNING id`,
        [id, actor.id, reason],
      );
      const liftedIds = lifted.map((r) => r.id);
      // The moderators' live list hears of it as of a lift made there.
      for (const sanctionId of liftedIds) {
        await this.events.record(tx, { type: 'sanction.lifted', sanctionId });
      }
      return liftedIds.length ? { liftedSanctionIds: liftedIds } : undefined;
    });
  }

  /**
   * Role and organisation changes. Only members of a secretariat organisation may hold the
   * secretariat role. An update that changes nothing answers the account as it is, unaudited.
   */
  async update(id: string, dto: UpdateUserDto, actor: Viewer): Promise<UserAdminView> {
    if (dto.role === undefined && dto.organizationId === undefined) {
      throw invalidField('role', 'no_change', 'role or organizationId: give at least one change');
    }
    return this.decide(id, actor, 'user.updated', dto.reason, async (tx, row) => {
      let group = row.org_group;
      const organizationId = dto.organizationId ?? row.organization_id;
      if (dto.organizationId !== undefined && dto.organizationId !== row.organization_id) {
        const [org] = (await tx.query('SELECT stakeholder_group FROM organizations WHERE id = $1', [dto.organizationId])) as Array<{
          stakeholder_group: StakeholderGroup;
        }>;
        if (!org) {
          throw invalidField('organizationId', 'unknown_organisation', 'organizationId does not name a known organisation');
        }
        group = org.stakeholder_group;
      }
      let role = dto.role ?? row.role;
      if (dto.role === 'secretariat' && group !== 'secretariat') {
        throw invalidField(
          'role',
          'secretariat_organization',
          'role: the secretariat role is only for members of a secretariat organisation',
        );
      }
      if (group !== 'secretariat') {
        role = 'member';
      }
      if (role === row.role && organizationId === row.organization_id) {
        return UNCHANGED;
      }
      const movedOrganisation = organizationId !== row.organization_id;
      await tx.query(
        `UPDATE users SET role = $2, organization_id = $3, updated_at = now(),
                confirmed_at = CASE WHEN $4 THEN NULL ELSE confirmed_at END, confirmed_by = CASE WHEN $4 THEN NULL ELSE confirmed_by END
          WHERE id = $1`,
        [id, role, organizationId, movedOrganisation],
      );
      if (movedOrganisation) {
        // Moving someone into a civil-society organisation is joining it: its members confirm, or
        // a voucher where it has none.
        const [again] = (await tx.query(
          `SELECT (${CONFIRMATION_BY_SQL}) IS NOT NULL AS needs FROM users u
            LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = $1`,
          [id],
        )) as Array<{ needs: boolean }>;
        if (again.needs && row.status === 'active') {
          await tx.query(`UPDATE users SET status = 'pending' WHERE id = $1`, [id]);
        }
      }
      return { role, organizationId };
    });
  }

  /**
   * Newcomers this member may confirm: those of their own organisation (with email), and the
   * approved first members of civil-society organisations with no active member, to vouch for
   * (name and organisation only).
   */
  async newcomers(viewer: Viewer): Promise<NewcomerView[]> {
    if (!can.seeNewcomers(viewer)) {
      throw new DomainError('civil_society_only', 'Only members of a civil-society organisation confirm newcomers');
    }
    const rows = (await this.db.query(
      `${USER_SELECT}
        WHERE u.status = 'pending' AND u.confirmed_at IS NULL AND o.stakeholder_group = 'civil_society' AND u.id <> $1
          AND (u.organization_id = $2 OR NOT EXISTS (
                SELECT 1 FROM users m WHERE m.organization_id = u.organization_id AND m.status = 'active'))
        ORDER BY u.created_at, u.id LIMIT ${NEWCOMERS_MAX}`,
      [viewer.id, viewer.organizationId],
    )) as UserRow[];
    return rows.filter((row) => can.confirmMember(viewer, newcomerAccess(row))).map(toNewcomerView);
  }

  /**
   * A member confirms a newcomer of their organisation, a voucher the first member of another
   * (audited `user.vouched`), or, at a new deployment's starting point, a second secretariat
   * account the first members (see `can.confirmMember`).
   */
  async confirm(id: string, viewer: Viewer): Promise<void> {
    if (id === viewer.id) {
      throw new DomainError('own_account', 'You cannot confirm your own account');
    }
    await this.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      const access = newcomerAccess(row);
      if (!can.confirmMember(viewer, access)) {
        throw this.confirmationRefused(viewer, row);
      }
      const [after] = await changedRows<{ status: AccountStatus }>(
        tx,
        `UPDATE users SET confirmed_at = now(), confirmed_by = $2,
                status = CASE WHEN approved_at IS NOT NULL THEN 'active' ELSE status END, updated_at = now()
          WHERE id = $1 RETURNING status`,
        [id, viewer.id],
      );
      await this.toldOfDecision(tx, id, row.status, after.status);
      await this.audit.append(tx, {
        actor: userActor(viewer.id),
        action: access.confirmationBy === 'vouch' ? 'user.vouched' : 'user.confirmed',
        entityType: 'user',
        entityId: id,
        data: { userId: id, organizationId: row.organization_id, confirmation: access.confirmationBy },
      });
    });
    await this.cache.invalidate(id);
  }

  /**
   * Why a confirmation is refused. A member of the newcomer's own organisation hears that nothing
   * is awaited (409); the secretariat at the starting point, why its second key is needed; anyone
   * else a 403 that says nothing about the account.
   */
  private confirmationRefused(viewer: Viewer, row: UserRow): DomainError {
    const awaited = awaitedConfirmation(row);
    if (awaited === null && can.seeNewcomers(viewer) && viewer.organizationId === row.organization_id) {
      // No state in the params: this is said to a colleague, who was never told the account's status.
      return new DomainError('account_state', 'This account does not wait for a confirmation');
    }
    if (awaited === 'secretariat' && viewer.role === 'secretariat' && row.approved_by === viewer.id) {
      return new DomainError('second_secretariat_required', 'You approved this account: another secretariat account confirms it');
    }
    return new DomainError(
      'cannot_vouch',
      'You can confirm newcomers of your own civil-society organisation, or vouch for the approved first members of another one that has no active member',
    );
  }

  /** One account decision: checked, applied and audited in one transaction, then the cache told. */
  private async decide(
    id: string,
    actor: Viewer,
    action: string,
    reason: string,
    apply: (tx: EntityManager, row: UserRow) => Promise<unknown>,
  ): Promise<UserAdminView> {
    const changed = await this.db.transaction((tx) => this.decideWithin(tx, id, actor, action, reason, (row) => apply(tx, row)));
    return changed ? this.settled(id) : toAdminView(await this.find(this.db.manager, id));
  }

  private async decideWithin(
    tx: EntityManager,
    id: string,
    actor: Viewer,
    action: string,
    reason: string,
    apply: (row: UserRow) => Promise<unknown>,
  ): Promise<boolean> {
    const row = await this.find(tx, id, true);
    const changes = await apply(row);
    if (changes === UNCHANGED) {
      return false;
    }
    const after = await this.find(tx, id);
    await this.audit.append(tx, {
      actor: userActor(actor.id),
      action,
      entityType: 'user',
      entityId: id,
      data: {
        userId: id,
        reason,
        before: { status: row.status, role: row.role, organizationId: row.organization_id },
        after: { status: after.status, role: after.role, organizationId: after.organization_id },
        changes,
      },
    });
    // Approving, suspending or reinstating moves the secretariat's queue of accounts to approve.
    await this.events.record(tx, { type: 'queues.changed' });
    await this.toldOfDecision(tx, id, row.status, after.status);
    return true;
  }

  /** The account's holder hears by mail when it opens, is suspended or is reinstated. */
  private async toldOfDecision(tx: EntityManager, id: string, before: AccountStatus, after: AccountStatus): Promise<void> {
    const decision =
      before === after
        ? null
        : after === 'suspended'
          ? 'suspended'
          : after === 'active'
            ? before === 'suspended'
              ? 'reinstated'
              : 'approved'
            : null;
    if (decision) {
      await this.events.record(tx, { type: 'account.decided', userId: id, decision });
    }
  }

  private async find(tx: EntityManager, id: string, lock = false): Promise<UserRow> {
    if (lock) {
      await tx.query('SELECT 1 FROM users WHERE id = $1 FOR UPDATE', [id]);
    }
    const [row] = (await tx.query(`${USER_SELECT} WHERE u.id = $1`, [id])) as UserRow[];
    if (!row) {
      throw notFound('account', id);
    }
    return row;
  }
}

function organizationOf(row: UserRow): MeView['organization'] {
  return row.organization_id && row.org_group
    ? { id: row.organization_id, name: bilingual(row.org_name_en, row.org_name_fr), acronym: row.org_acronym, group: row.org_group }
    : null;
}

/** What an account's own view and the secretariat's view of it share. */
function accountBase(row: UserRow) {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    locale: row.locale,
    status: row.status,
    role: row.role,
    organization: organizationOf(row),
  };
}

function toAdminView(row: UserRow): UserAdminView {
  return {
    ...accountBase(row),
    createdAt: row.created_at.toISOString(),
    approvedAt: row.approved_at?.toISOString() ?? null,
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    awaitingConfirmation: awaitedConfirmation(row) !== null,
    confirmationBy: awaitedConfirmation(row),
    approvedBy: row.approved_by,
    confirmedBy: row.confirmed_by,
  };
}

function toNewcomerView(row: UserRow): NewcomerView {
  const createdAt = row.created_at.toISOString();
  if (awaitedConfirmation(row) === 'member') {
    return { kind: 'member', id: row.id, email: row.email, displayName: row.display_name, createdAt };
  }
  // Anyone else listed is vouched for by someone of another organisation: never the email.
  const organization = organizationOf(row);
  if (!organization) {
    throw new Error(`newcomer ${row.id} to vouch for has no organisation`);
  }
  return { kind: 'vouch', id: row.id, displayName: row.display_name, organization, createdAt };
}
