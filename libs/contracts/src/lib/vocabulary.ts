// The closed vocabularies of DESIGN.md. Both the API (validation, SQL enums) and the web app
// (filters, labels) read them from here, so a new value is added in exactly one place.

export const LOCALES = ['en', 'fr'] as const;
export type Locale = (typeof LOCALES)[number];

export const STAKEHOLDER_GROUPS = ['government', 'civil_society', 'international_partner', 'academia', 'media', 'secretariat'] as const;
export type StakeholderGroup = (typeof STAKEHOLDER_GROUPS)[number];

export const ACCOUNT_STATUSES = ['pending', 'active', 'suspended'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const PLATFORM_ROLES = ['member', 'secretariat'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const DIALOGUE_STATUSES = ['planned', 'held', 'follow_up', 'closed'] as const;
export type DialogueStatus = (typeof DIALOGUE_STATUSES)[number];

/** Shared by commitments (derived) and progress reports (declared). */
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'stalled', 'completed', 'withdrawn'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];

/** A commitment in one of these states is no longer expected to move, so it cannot be overdue. */
export const CLOSED_STATUSES: readonly ProgressStatus[] = ['completed', 'withdrawn'];

export const REPORT_KINDS = ['self_report', 'independent_assessment'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The seed report's entry points to a comprehensive approach to organised crime. */
export const THEMES = [
  'governance_anticorruption',
  'justice_judiciary',
  'security_sector_reform',
  'ddr',
  'development_livelihoods',
  'dialogue_reconciliation',
  'regional_border_cooperation',
  'research_analysis',
  'crime_sensitivity',
  'public_debate_media',
] as const;
export type Theme = (typeof THEMES)[number];

export const REGIONS = [
  'kayes',
  'koulikoro',
  'sikasso',
  'segou',
  'mopti',
  'tombouctou',
  'gao',
  'kidal',
  'taoudenit',
  'menaka',
  'bamako',
  'national',
  'cross_border',
] as const;
export type Region = (typeof REGIONS)[number];

export const SUBJECT_TYPES = ['dialogue', 'recommendation', 'commitment'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export type GroupVisibility = `group:${StakeholderGroup}`;
export type ThreadVisibility = 'public' | 'participants' | GroupVisibility | 'secretariat';
export const THREAD_VISIBILITIES: readonly ThreadVisibility[] = [
  'public',
  'participants',
  ...STAKEHOLDER_GROUPS.map((g) => `group:${g}` as GroupVisibility),
  'secretariat',
];

export const MESSAGE_STATES = ['visible', 'hidden', 'deleted'] as const;
export type MessageState = (typeof MESSAGE_STATES)[number];

export const FLAG_STATES = ['open', 'upheld', 'dismissed'] as const;
export type FlagState = (typeof FLAG_STATES)[number];

export const SANCTION_KINDS = ['warning', 'mute', 'suspend'] as const;
export type SanctionKind = (typeof SANCTION_KINDS)[number];

export const NOTIFICATION_KINDS = [
  'status_change',
  'report',
  'verification',
  'due_date',
  'reply',
  'mention',
  'moderation',
  'account',
  // The people who act are told (DESIGN.md, "The follow-up routine").
  /** A round opened with requests to the person's organisation (`roundId`, `roundTitle`, `dueOn`, `count`). */
  'round_request',
  /** A round opened inviting civil society to assess (`roundId`, `roundTitle`, `dueOn`, `count`). */
  'round_assessment',
  /** The secretariat verified a report of the person's organisation (`reportId`, `title`). */
  'report_verified',
  /** The person's organisation's commitment became contested (`title`, `currentStatus`, `assessedStatus`). */
  'commitment_contested',
  /** Secretariat: an account waits for approval (`userId`, `name`). */
  'account_waiting',
  /** Secretariat: a message was flagged (`flagId`); never its words or its author. */
  'message_flagged',
  /** Secretariat: a self-report waits for verification (`reportId`, `title`, `organization`). */
  'report_to_verify',
  /** Civil society: a newcomer the person may confirm (of their organisation) or vouch for (`userId`, `name`). */
  'newcomer_waiting',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}
