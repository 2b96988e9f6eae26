import type { ConfirmationKind } from './accounts';
import type { AccountStatus, PlatformRole, StakeholderGroup, ThreadVisibility } from './vocabulary';

// DESIGN.md's permissions table, once. The API's guard, the socket gateway and the web app's
// navigation all read these rules, so what the screen offers is what the server allows.

export interface Viewer {
  id: string;
  role: PlatformRole;
  status: AccountStatus;
  organizationId: string | null;
  group: StakeholderGroup | null;
}

// Rules return plain booleans, not type predicates: "may not" must not narrow a viewer to null.

/** Pending and suspended accounts act as the public. */
export function isActive(v: Viewer | null | undefined): v is Viewer {
  return v?.status === 'active';
}

export function isSecretariat(v: Viewer | null | undefined): v is Viewer {
  return isActive(v) && v.role === 'secretariat';
}

export interface ThreadAccess {
  visibility: ThreadVisibility;
  /** Organisations participating in the thread's dialogue, for `participants` threads. */
  participantOrganizationIds: readonly string[];
}

/** A pending account as the confirmation rules see it (see `ConfirmationKind`). */
export interface NewcomerAccess {
  id: string;
  organizationId: string | null;
  /** Who may confirm now; null when no confirmation is awaited. */
  confirmationBy: ConfirmationKind | null;
  approved: boolean;
  /** The secretariat account that approved, when known. */
  approvedBy: string | null;
}

const isCivilSocietyMember = (v: Viewer | null | undefined): v is Viewer =>
  isActive(v) && v.group === 'civil_society' && v.organizationId !== null && v.role !== 'secretariat';

export const can = {
  readPublic: (_v: Viewer | null): boolean => true,
  /** Its own status (`GET /me`, `/me/viewer`): any account with a valid session, suspended included. */
  readOwnStatus: (v: Viewer | null): boolean => v !== null,
  /**
   * Its own account beyond that: profile, password, notifications, follows, restrictions, and the
   * socket's user room. Active and pending accounts (a newcomer may fix its locale or password and
   * reads the account notices sent to it, and is the public everywhere else); a suspended
   * account reads its status and nothing else.
   */
  manageOwnAccount: (v: Viewer | null): boolean => v !== null && v.status !== 'suspended',
  postPublic: (v: Viewer | null): boolean => isActive(v),
  follow: (v: Viewer | null): boolean => isActive(v),
  flag: (v: Viewer | null): boolean => isActive(v),
  /**
   * Read marks per thread (unread counts): what members read, kept for them alone. Pending and
   * suspended accounts act as the public, who keep none.
   */
  markThreadsRead: (v: Viewer | null): boolean => isActive(v),
  readThread: (v: Viewer | null, t: ThreadAccess): boolean => {
    if (t.visibility === 'public') {
      return true;
    }
    if (!isActive(v)) {
      return false;
    }
    if (v.role === 'secretariat') {
      return true;
    }
    if (t.visibility === 'participants') {
      return v.organizationId !== null && t.participantOrganizationIds.includes(v.organizationId);
    }
    if (t.visibility === 'secretariat') {
      return false;
    }
    return t.visibility === `group:${v.group}`;
  },
  postInThread: (v: Viewer | null, t: ThreadAccess & { locked: boolean }): boolean =>
    isActive(v) && (!t.locked || v.role === 'secretariat') && can.readThread(v, t),
  selfReport: (v: Viewer | null, c: { ownerId: string }): boolean =>
    isActive(v) && (v.role === 'secretariat' || (v.organizationId !== null && v.organizationId === c.ownerId)),
  assess: (v: Viewer | null, c: { ownerId: string }): boolean =>
    isActive(v) && (v.role === 'secretariat' || (v.group === 'civil_society' && v.organizationId !== c.ownerId)),
  postPseudonymously: (v: Viewer | null): boolean => isActive(v) && v.group === 'civil_society' && v.role !== 'secretariat',
  curate: (v: Viewer | null): boolean => isSecretariat(v),
  administer: (v: Viewer | null): boolean => isSecretariat(v),
  moderate: (v: Viewer | null): boolean => isSecretariat(v),
  readAuditLog: (v: Viewer | null): boolean => isSecretariat(v),
  /** Open, edit and close reporting rounds. */
  manageRounds: (v: Viewer | null): boolean => isSecretariat(v),
  /** GET /me/work: what is asked of me now. */
  readMyWork: (v: Viewer | null): boolean => isActive(v),
  /** `GET|PUT /me/email-preferences`: which mails one receives, and how often. */
  setEmailPreferences: (v: Viewer | null): boolean => isActive(v),
  /** `GET /mail/failures`: the mails that could not be delivered (recipient, category, time, error). */
  readMailFailures: (v: Viewer | null): boolean => isSecretariat(v),
  /** Name an organisation's focal points: its own active members, or the secretariat. */
  setFocalPoints: (v: Viewer | null, organizationId: string): boolean =>
    isActive(v) && (v.role === 'secretariat' || v.organizationId === organizationId),
  /** Whom the newcomers list is for: active members of a civil-society organisation. */
  seeNewcomers: (v: Viewer | null): boolean => isCivilSocietyMember(v),
  /** Who may ask to confirm anyone at all; `confirmMember` decides for one newcomer. */
  confirmSomeone: (v: Viewer | null): boolean => isCivilSocietyMember(v) || isSecretariat(v),
  /**
   * One approval never opens a safe space: a member of the newcomer's organisation confirms; where
   * it has no active member, a member of another civil-society organisation vouches (after the
   * approval); where civil society has none at all, a second secretariat account confirms.
   */
  confirmMember: (v: Viewer | null, n: NewcomerAccess): boolean => {
    if (!isActive(v) || v.id === n.id || n.confirmationBy === null) {
      return false;
    }
    switch (n.confirmationBy) {
      case 'member':
        return isCivilSocietyMember(v) && v.organizationId === n.organizationId;
      case 'vouch':
        return isCivilSocietyMember(v) && v.organizationId !== n.organizationId && n.approved;
      case 'secretariat':
        return isSecretariat(v) && v.id !== n.approvedBy;
    }
  },
  /** The secretariat approves, but never an account it also confirmed (the starting point's two keys). */
  approveAccount: (v: Viewer | null, n: { confirmedBy: string | null }): boolean => isSecretariat(v) && v.id !== n.confirmedBy,
} as const;

export type Permission = keyof typeof can;
