// Mail (DESIGN.md, "The follow-up routine": email, what a mail may carry, preferences and
// unsubscribe). Shapes shared by the API, the account page, the unsubscribe page and the
// secretariat's page of delivery failures.

import type { Page } from './views';

/**
 * What a mail is about, each with its own cadence: what one follows (`activity`), what is asked of
 * one (`asks`: requests, verifications, contested commitments, newcomers), the round's reminders,
 * and matters of one's own account.
 */
export const EMAIL_CATEGORIES = ['activity', 'asks', 'reminders', 'account'] as const;
export type EmailCategory = (typeof EMAIL_CATEGORIES)[number];

export const EMAIL_CADENCES = ['immediate', 'daily', 'weekly', 'off'] as const;
export type EmailCadence = (typeof EMAIL_CADENCES)[number];

/**
 * A person who never chose: what is asked of them and their own account at once, what they follow
 * once a day (a busy dialogue would otherwise fill a ministry's mailbox).
 */
export const EMAIL_CADENCE_DEFAULTS: Readonly<Record<EmailCategory, EmailCadence>> = {
  activity: 'daily',
  asks: 'immediate',
  reminders: 'immediate',
  account: 'immediate',
};

export type EmailPreferences = Record<EmailCategory, EmailCadence>;

/** `GET|PUT /me/email-preferences`: every category, chosen or by default, and where mail goes. */
export interface EmailPreferencesView {
  preferences: EmailPreferences;
  /** The categories the person set themselves; the others follow EMAIL_CADENCE_DEFAULTS. */
  chosen: EmailCategory[];
  email: string;
}

/** `PUT /me/email-preferences`: the categories to change, the others as they are. */
export interface UpdateEmailPreferencesRequest {
  preferences: Partial<EmailPreferences>;
}

/**
 * `GET /email/unsubscribe?token=`: what a POST to the same address would change, shown to whoever
 * holds the link (signed in or not). The address is masked: a forwarded mail's link tells no one
 * the whole address.
 */
export interface UnsubscribePreview {
  category: EmailCategory;
  /** The cadence now; `off` means the POST changes nothing. */
  cadence: EmailCadence;
  maskedEmail: string;
}

/** `POST /email/unsubscribe?token=`: done (or already so). */
export interface UnsubscribeResult {
  category: EmailCategory;
  cadence: 'off';
  changed: boolean;
}

/**
 * One mail that could not be delivered, for the secretariat (`GET /mail/failures`): who, which
 * category, when and why — never a subject or a word of the mail.
 */
export interface MailFailureView {
  id: string;
  recipient: { id: string; displayName: string; email: string };
  category: EmailCategory;
  /** `retrying`: it will be tried again at `nextAttemptAt`; `failed`: given up. */
  state: 'retrying' | 'failed';
  attempts: number;
  lastAttemptAt: string;
  nextAttemptAt: string | null;
  error: string;
}

export type MailFailurePage = Page<MailFailureView>;

/** `POST /users/:id/reset-link` with `{ "deliver": "mail" }`: the link went to the person's own address, not to the secretariat. */
export interface ResetLinkMailedView {
  mailed: true;
  /** The account's address the link went to. */
  email: string;
  expiresAt: string;
}
