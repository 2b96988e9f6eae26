import type { AccountStatus, Locale, PlatformRole } from './vocabulary';
import type { OrganizationRef } from './views';
import type { Viewer } from './permissions';

// Accounts, sessions and administration (issue: accounts, organisations and roles).

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
export const DISPLAY_NAME_MAX_LENGTH = 80;

export interface MeView {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  status: AccountStatus;
  role: PlatformRole;
  organization: OrganizationRef | null;
  /** Pending accounts: what is still awaited before the account opens. */
  awaiting: Array<'approval' | 'confirmation'>;
  /** A restriction the person must know of (a mute, a warning), including one reached through a pseudonymous message. */
  restrictions: Array<{ kind: 'warning' | 'mute'; until: string | null; reason: string; at: string }>;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires; the refresh cookie renews it. */
  expiresIn: number;
  user: MeView;
}

export interface RegisterRequest {
  email: string;
  password: string;
  displayName: string;
  organizationId: string;
  locale: Locale;
}

export interface UpdateMeRequest {
  displayName?: string;
  locale?: Locale;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface ResetPasswordRequest {
  token: string;
  newPassword: string;
}

/**
 * Who confirms a civil-society newcomer, beside the secretariat's approval (DESIGN.md, Safe
 * participation), from the state of civil society at that moment:
 * - `member`: an active member of the newcomer's own organisation;
 * - `vouch`: the organisation has no active member, so an active member of another civil-society
 *   organisation vouches for them, once the secretariat has approved;
 * - `secretariat`: no civil-society organisation has an active member (a new deployment), so a
 *   second secretariat account confirms, not the one that approved.
 */
export const CONFIRMATION_KINDS = ['member', 'vouch', 'secretariat'] as const;
export type ConfirmationKind = (typeof CONFIRMATION_KINDS)[number];

export interface UserAdminView {
  id: string;
  email: string;
  displayName: string;
  locale: Locale;
  status: AccountStatus;
  role: PlatformRole;
  organization: OrganizationRef | null;
  createdAt: string;
  approvedAt: string | null;
  confirmedAt: string | null;
  /** A pending civil-society newcomer waits for a confirmation (see `confirmationBy`). */
  awaitingConfirmation: boolean;
  /** Who that confirmation may come from now; null when none is awaited. */
  confirmationBy: ConfirmationKind | null;
  /** The secretariat account that approved (null before approval, and for approvals older than this field). */
  approvedBy: string | null;
  /** The account that confirmed or vouched, if any. */
  confirmedBy: string | null;
}

/** A newcomer of one's own civil-society organisation, to confirm. */
export interface MemberNewcomerView {
  kind: 'member';
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
}

/**
 * The first member of another civil-society organisation, to vouch for: no email, since the
 * voucher is not of their organisation; their name and organisation are what one vouches for.
 */
export interface VouchNewcomerView {
  kind: 'vouch';
  id: string;
  displayName: string;
  organization: OrganizationRef;
  createdAt: string;
}

export type NewcomerView = MemberNewcomerView | VouchNewcomerView;

export interface ResetLinkView {
  /** The path of the one-time link, to hand to the person over a channel they trust. */
  path: string;
  expiresAt: string;
}

export interface UserListQuery {
  status?: AccountStatus;
  role?: PlatformRole;
  organizationId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export interface AccountDecision {
  /** Recorded in the audit chain with the decision. */
  reason: string;
}

export interface SetRoleRequest extends AccountDecision {
  role: PlatformRole;
}

export interface OrganizationInput {
  name: { en?: string; fr?: string };
  acronym?: string | null;
  group: OrganizationRef['group'];
}

export function viewerOf(me: MeView | null): Viewer | null {
  if (!me) {
    return null;
  }
  return {
    id: me.id,
    role: me.role,
    status: me.status,
    organizationId: me.organization?.id ?? null,
    group: me.organization?.group ?? null,
  };
}
