import type {
  ThreadVisibility,
  Bilingual,
  DialogueStatus,
  Indicator,
  Locale,
  PlatformRole,
  ProgressStatus,
  Region,
  ReportKind,
  StakeholderGroup,
  Theme,
} from '@suivi/contracts';

// The shape of the Bamako demo data. The seeder turns it into ordinary audited writes.

export interface DemoOrganization {
  /** Stable key used by the rest of the demo data to refer to this organisation. */
  key: string;
  name: Bilingual;
  acronym: string | null;
  group: StakeholderGroup;
  /** True for organisations invented for the demo (all civil-society assessors are). */
  illustrative: boolean;
}

export interface DemoUser {
  email: string;
  displayName: string;
  organizationKey: string;
  role: PlatformRole;
  locale: Locale;
}

export interface DemoDialogue {
  title: Bilingual;
  summary: Bilingual;
  place: string;
  startDate: string; // YYYY-MM-DD
  endDate: string;
  status: DialogueStatus;
  participantKeys: string[];
}

export interface DemoRecommendation {
  code: string; // R1…
  text: Bilingual;
  addressedTo: StakeholderGroup[];
  themes: Theme[];
}

export interface DemoReport {
  kind: ReportKind;
  organizationKey: string;
  /** A demo user's email, or null for a report written by an invented person of that organisation. */
  authorEmail: string | null;
  /** Display name of the invented author when authorEmail is null. */
  authorName?: string;
  status: ProgressStatus;
  percent: number | null;
  narrative: Bilingual;
  evidenceLinks: string[];
  date: string; // YYYY-MM-DD
  /** Verified by the secretariat some days after it was posted. */
  verified: boolean;
}

export interface DemoMilestone {
  title: Bilingual;
  plannedDate: string;
  reachedDate: string | null;
}

export interface DemoCommitment {
  key: string;
  title: Bilingual;
  description: Bilingual;
  ownerKey: string;
  supportingKeys: string[];
  recommendationCodes: string[];
  themes: Theme[];
  regions: Region[];
  startDate: string;
  dueDate: string;
  indicators: Indicator[];
  milestones: DemoMilestone[];
  /** In date order. */
  reports: DemoReport[];
}

/** An invented message, written by a demo account, so the discussion panels show how they work. */
export interface DemoMessage {
  authorEmail: string;
  pseudonymous?: boolean;
  body: string;
  /** Posted this many hours before the demo data is loaded. */
  hoursAgo: number;
  /** Index of the message it replies to, in the same thread. */
  replyTo?: number;
}

/** A commitment's public thread (by the commitment's key), or a channel the secretariat opened. */
export type DemoThread =
  { commitmentKey: string; messages: DemoMessage[] } | { title: Bilingual; visibility: ThreadVisibility; messages: DemoMessage[] };

/** A report filed in answer to a demo round, dated from the day the demo loads. */
export interface DemoRoundReport extends Omit<DemoReport, 'date' | 'verified'> {
  commitmentKey: string;
  daysAgo: number;
}

/**
 * A reporting round of the demo, its days counted from the day the demo loads, so that it reads
 * as recent whenever one tries Suivi. Its scope is the dialogue's open commitments on that day.
 */
export interface DemoRound {
  title: Bilingual;
  opensDaysAgo: number;
  dueDaysAgo: number;
  closesDaysAgo: number;
  inviteAssessments: boolean;
  reports: DemoRoundReport[];
}

export interface DemoData {
  organizations: DemoOrganization[];
  users: DemoUser[];
  dialogue: DemoDialogue;
  recommendations: DemoRecommendation[];
  commitments: DemoCommitment[];
  discussions: DemoThread[];
  rounds: DemoRound[];
}
