import { createHash, randomBytes, randomUUID } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { LoginResponse, MeView, RegisterRequest, ResetLinkMailedView, ResetLinkView } from '@suivi/contracts';
import { hash, verify } from 'argon2';
import { DataSource, type EntityManager } from 'typeorm';

import { AccountCache } from '../access/account-cache.service';
import { DomainError, invalidField, invalidFields, notFound } from '../common/domain-error';
import { AccountsService } from '../accounts/accounts.service';
import { AuditService, systemActor, userActor } from '../audit/audit.service';
import { changedRows } from '../database/sql';
import { APP_CONFIG } from '../config/config.module';
import { DomainEvents } from '../events/domain-events';
import { MailOutbox } from '../mail/mail-outbox.service';
import type { AppConfig } from '../config/env';
import { ACCESS_TOKEN_SECONDS, TOKEN_ISSUER } from '../access/jwt.strategy';
import { passwordProblem } from './password-policy';

export interface AuthenticatedAccount {
  id: string;
}

export interface IssuedSession extends LoginResponse {
  /** The raw refresh token, for the httpOnly cookie only. */
  refreshToken: string;
}

export const REFRESH_TOKEN_DAYS = 30;
/** A rotated refresh token still works this long: two tabs, or a reply lost on a bad line. */
export const REFRESH_GRACE_MS = 30_000;
const RESET_LINK_HOURS = 24;
const ARGON2 = { type: 2 as const };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

@Injectable()
export class AuthService {
  /** Verified against when the email is unknown, so both answers take the same time. */
  private readonly decoyHash: Promise<string> = hash(randomBytes(16).toString('hex'), ARGON2);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly audit: AuditService,
    private readonly accounts: AccountsService,
    private readonly cache: AccountCache,
    private readonly events: DomainEvents,
    private readonly mail: MailOutbox,
  ) {}

  /**
   * Registration answers the same way whether or not the email is taken: no second account is
   * made, the holder is told in the app, and exactly one audit event is written either way, so
   * not even the public chain length tells the two apart.
   */
  async register(dto: RegisterRequest): Promise<void> {
    const problem = passwordProblem(dto.password, 'password', [dto.email.split('@')[0], dto.displayName]);
    if (problem) {
      throw invalidFields([problem]);
    }
    const [org] = (await this.db.query('SELECT id FROM organizations WHERE id = $1', [dto.organizationId])) as unknown[];
    if (!org) {
      throw invalidField('organizationId', 'unknown_organisation', 'organizationId does not name a known organisation');
    }
    const passwordHash = await hash(dto.password, ARGON2);
    await this.db.transaction(async (tx) => {
      const [existing] = (await tx.query('SELECT id FROM users WHERE lower(email) = lower($1)', [dto.email])) as Array<{ id: string }>;
      if (existing) {
        const notices = (await tx.query(`INSERT INTO notifications (user_id, kind, payload) VALUES ($1, 'account', $2) RETURNING id`, [
          existing.id,
          JSON.stringify({ event: 'registration_repeated' }),
        ])) as Array<{ id: string }>;
        // The holder hears of it by mail too (an account matter, in their own mailbox).
        await this.events.record(tx, { type: 'notifications.created', ids: notices.map((n) => n.id) });
        await this.audit.append(tx, {
          actor: systemActor,
          action: 'user.registration_repeated',
          entityType: 'user',
          entityId: existing.id,
          data: { userId: existing.id },
        });
        return;
      }
      const [created] = (await tx.query(
        `INSERT INTO users (email, display_name, locale, password_hash, status, role, organization_id)
         VALUES ($1, $2, $3, $4, 'pending', 'member', $5) RETURNING id`,
        [dto.email.trim(), dto.displayName.trim(), dto.locale, passwordHash, dto.organizationId],
      )) as Array<{ id: string }>;
      await this.audit.append(tx, {
        actor: userActor(created.id),
        action: 'user.registered',
        entityType: 'user',
        entityId: created.id,
        data: { id: created.id, displayName: dto.displayName.trim(), organizationId: dto.organizationId, locale: dto.locale },
      });
      await this.events.record(tx, { type: 'account.waiting', userId: created.id });
      await this.events.record(tx, { type: 'newcomer.waiting', userId: created.id });
      await this.events.record(tx, { type: 'queues.changed' });
    });
  }

  /** Same message and the same work (one argon2 verification) for an unknown email and a wrong password. */
  async checkCredentials(email: string, password: string): Promise<AuthenticatedAccount> {
    const [user] = (await this.db.query('SELECT id, password_hash, status FROM users WHERE lower(email) = lower($1)', [
      email ?? '',
    ])) as Array<{ id: string; password_hash: string; status: string }>;
    const ok = await verify(user?.password_hash ?? (await this.decoyHash), password ?? '').catch(() => false);
    if (!user || !ok) {
      throw new DomainError('wrong_credentials', 'Wrong email or password');
    }
    if (user.status === 'suspended') {
      throw new DomainError('account_suspended', 'This account is suspended');
    }
    return { id: user.id };
  }

  /** A new sign-in: a new family of refresh tokens. Never for a suspended account, whatever the route. */
  async startSession(userId: string): Promise<IssuedSession> {
    const refreshToken = newToken();
    const familyId = randomUUID();
    const started = await changedRows(
      this.db.manager,
      `INSERT INTO sessions (family_id, user_id, token_hash, expires_at)
       SELECT $1, id, $3, now() + $4::interval FROM users WHERE id = $2 AND status <> 'suspended' RETURNING id`,
      [familyId, userId, sha256(refreshToken), `${REFRESH_TOKEN_DAYS} days`],
    );
    if (!started.length) {
      throw new DomainError('account_suspended', 'This account is suspended');
    }
    return this.issue(userId, familyId, refreshToken);
  }

  /**
   * Rotates a refresh token. A token already rotated is accepted again only within the grace
   * window; after it, its reuse means it was stolen, and the whole family is revoked.
   */
  async refresh(rawToken: string | undefined): Promise<IssuedSession> {
    if (!rawToken) {
      throw new DomainError('session_ended', 'No session');
    }
    const outcome = await this.db.transaction(async (tx) => {
      const [session] = (await tx.query(
        `SELECT s.id, s.family_id, s.user_id, s.rotated_at, s.revoked_at, s.expires_at < now() AS expired, u.status
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 FOR UPDATE OF s`,
        [sha256(rawToken)],
      )) as Array<{
        id: string;
        family_id: string;
        user_id: string;
        rotated_at: Date | null;
        revoked_at: Date | null;
        expired: boolean;
        status: string;
      }>;
      if (!session || session.revoked_at || session.expired) {
        return null;
      }
      if (session.status === 'suspended') {
        await this.revokeFamily(tx, session.family_id, 'suspended');
        return null;
      }
      if (session.rotated_at && Date.now() - session.rotated_at.getTime() > REFRESH_GRACE_MS) {
        await this.revokeFamily(tx, session.family_id, 'reuse');
        return { reused: true as const, userId: session.user_id };
      }
      const next = newToken();
      if (!session.rotated_at) {
        await tx.query('UPDATE sessions SET rotated_at = now() WHERE id = $1', [session.id]);
      }
      await tx.query(`INSERT INTO sessions (family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, now() + $4::interval)`, [
        session.family_id,
        session.user_id,
        sha256(next),
        `${REFRESH_TOKEN_DAYS} days`,
      ]);
      return { reused: false as const, userId: session.user_id, familyId: session.family_id, next };
    });
    if (outcome === null) {
      throw new DomainError('session_ended', 'This session has ended; sign in again');
    }
    if (outcome.reused) {
      // The family's access tokens go too, on every instance.
      await this.cache.invalidate(outcome.userId);
      throw new DomainError('session_reused', 'This session was used from elsewhere and has been closed; sign in again');
    }
    return this.issue(outcome.userId, outcome.familyId, outcome.next);
  }

  /**
   * Ends the family, access tokens included (on every instance). A family a suspension revoked
   * still let its access tokens read their account's status: signing out ends that too.
   */
  async logout(rawToken: string | undefined): Promise<void> {
    if (!rawToken) {
      return;
    }
    const userId = await this.db.transaction(async (tx) => {
      const [session] = (await tx.query('SELECT family_id, user_id FROM sessions WHERE token_hash = $1', [sha256(rawToken)])) as Array<{
        family_id: string;
        user_id: string;
      }>;
      if (!session) {
        return null;
      }
      await tx.query(
        `UPDATE sessions SET revoked_at = coalesce(revoked_at, now()), revoke_reason = 'logout'
          WHERE family_id = $1 AND (revoked_at IS NULL OR revoke_reason = 'suspended')`,
        [session.family_id],
      );
      return session.user_id;
    });
    if (userId) {
      await this.cache.invalidate(userId);
    }
  }

  /** Changing one's password signs out every other session, at once (access tokens included). */
  async changePassword(userId: string, currentPassword: string, newPassword: string): Promise<IssuedSession> {
    const [user] = (await this.db.query('SELECT email, display_name, password_hash FROM users WHERE id = $1', [userId])) as Array<{
      email: string;
      display_name: string;
      password_hash: string;
    }>;
    if (!user || !(await verify(user.password_hash, currentPassword).catch(() => false))) {
      throw invalidField('currentPassword', 'wrong_password', 'currentPassword is not your current password');
    }
    const problem = passwordProblem(newPassword, 'newPassword', [user.email.split('@')[0], user.display_name]);
    if (problem) {
      throw invalidFields([problem]);
    }
    const passwordHash = await hash(newPassword, ARGON2);
    await this.db.transaction(async (tx) => {
      await this.setPassword(tx, userId, passwordHash);
      await this.audit.append(tx, { actor: userActor(userId), action: 'user.password_changed', entityType: 'user', entityId: userId });
    });
    await this.cache.invalidate(userId);
    return this.startSession(userId);
  }

  /**
   * The secretariat issues a one-time link (24 h) and hands it to the person over a channel they
   * trust, or has Suivi mail it to the account's own address (`deliver: 'mail'`): then the
   * secretariat never sees the link, and the record says it went by mail.
   */
  async issueResetLink(userId: string, actorId: string, deliver: 'hand' | 'mail' = 'hand'): Promise<ResetLinkView | ResetLinkMailedView> {
    const token = newToken();
    const issued = await this.db.transaction(async (tx) => {
      const [user] = (await tx.query('SELECT id, email FROM users WHERE id = $1', [userId])) as Array<{ id: string; email: string }>;
      if (!user) {
        return null;
      }
      // Only the newest link works.
      await tx.query('UPDATE password_resets SET expires_at = now() WHERE user_id = $1 AND used_at IS NULL AND expires_at > now()', [
        userId,
      ]);
      const [row] = (await tx.query(
        `INSERT INTO password_resets (user_id, token_hash, created_by, expires_at) VALUES ($1, $2, $3, now() + $4::interval) RETURNING id, expires_at`,
        [userId, sha256(token), actorId, `${RESET_LINK_HOURS} hours`],
      )) as Array<{ id: string; expires_at: Date }>;
      await this.audit.append(tx, {
        actor: userActor(actorId),
        action: 'user.reset_link_issued',
        entityType: 'user',
        entityId: userId,
        data: { userId, expiresAt: row.expires_at.toISOString(), ...(deliver === 'mail' ? { deliveredBy: 'mail' } : {}) },
      });
      if (deliver === 'mail') {
        await this.mail.resetLink(tx, userId, row.id, token);
      }
      return { expiresAt: row.expires_at.toISOString(), email: user.email };
    });
    if (!issued) {
      throw notFound('account', userId);
    }
    return deliver === 'mail'
      ? { mailed: true, email: issued.email, expiresAt: issued.expiresAt }
      : { path: `/reset?token=${token}`, expiresAt: issued.expiresAt };
  }

  async resetPassword(token: string, newPassword: string): Promise<void> {
    const invalid = () => invalidField('token', 'link_invalid', 'token: this link is invalid, already used or expired');
    const [link] = (await this.db.query(
      `SELECT r.id, r.user_id, u.email, u.display_name FROM password_resets r JOIN users u ON u.id = r.user_id
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now()`,
      [sha256(token)],
    )) as Array<{ id: string; user_id: string; email: string; display_name: string }>;
    if (!link) {
      throw invalid();
    }
    const problem = passwordProblem(newPassword, 'newPassword', [link.email.split('@')[0], link.display_name]);
    if (problem) {
      throw invalidFields([problem]);
    }
    const passwordHash = await hash(newPassword, ARGON2);
    const used = await this.db.transaction(async (tx) => {
      const [claimed] = await changedRows(
        tx,
        'UPDATE password_resets SET used_at = now() WHERE id = $1 AND used_at IS NULL AND expires_at > now() RETURNING id',
        [link.id],
      );
      if (!claimed) {
        return false;
      }
      await this.setPassword(tx, link.user_id, passwordHash);
      await this.advanceEpoch(tx, link.user_id);
      await this.audit.append(tx, {
        actor: userActor(link.user_id),
        action: 'user.password_reset',
        entityType: 'user',
        entityId: link.user_id,
      });
      return true;
    });
    if (!used) {
      throw invalid();
    }
    await this.cache.invalidate(link.user_id);
  }

  me(userId: string): Promise<MeView> {
    return this.accounts.me(userId);
  }

  private async setPassword(tx: EntityManager, userId: string, passwordHash: string): Promise<void> {
    await tx.query(
      `UPDATE users SET password_hash = $2, tokens_valid_after = date_trunc('second', now()), updated_at = now() WHERE id = $1`,
      [userId, passwordHash],
    );
    await tx.query(`UPDATE sessions SET revoked_at = now(), revoke_reason = 'password' WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }

  /**
   * A password set without the current one (a reset link, whoever asked for it) could be someone
   * else taking the account over, the secretariat included: the person's pseudonymous past stays
   * with the epoch that wrote it. Nothing reached through an earlier pseudonym — notices now,
   * stored idempotent answers and mail later — may stay with the account (DESIGN.md).
   */
  private async advanceEpoch(tx: EntityManager, userId: string): Promise<void> {
    await tx.query('UPDATE users SET epoch = epoch + 1 WHERE id = $1', [userId]);
    await tx.query('DELETE FROM notifications WHERE user_id = $1 AND through_pseudonym', [userId]);
    await this.events.record(tx, { type: 'account.epoch_advanced', userId });
  }

  private async revokeFamily(tx: EntityManager, familyId: string, reason: string): Promise<void> {
    await tx.query('UPDATE sessions SET revoked_at = now(), revoke_reason = $2 WHERE family_id = $1 AND revoked_at IS NULL', [
      familyId,
      reason,
    ]);
  }

  private async issue(userId: string, familyId: string, refreshToken: string): Promise<IssuedSession> {
    const accessToken = await this.jwt.signAsync(
      { sub: userId, sid: familyId },
      { secret: this.config.jwtSecret, expiresIn: ACCESS_TOKEN_SECONDS, issuer: TOKEN_ISSUER, algorithm: 'HS256' },
    );
    return { accessToken, expiresIn: ACCESS_TOKEN_SECONDS, user: await this.accounts.me(userId), refreshToken };
  }
}
