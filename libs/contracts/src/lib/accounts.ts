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
  /** A civil-society newcomer whose organisation has active members waits for one of them. */
  awaitingConfirmation: boolean;
}

export interface NewcomerView {
  id: string;
  email: string;
  displayName: string;
  createdAt: string;
}

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
