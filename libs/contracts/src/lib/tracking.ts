import type { CommitmentRoundState, RoundSummary } from './rounds';
import type { Bilingual } from './bilingual';
import type { CommitmentSummary, CommitmentView, DialogueView, Indicator, Page, RecommendationRef, ReportView } from './views';
import type {
  DialogueStatus,
  Locale,
  NotificationKind,
  ProgressStatus,
  Region,
  ReportKind,
  StakeholderGroup,
  SubjectType,
  Theme,
} from './vocabulary';

// Requests and views of commitment tracking: curation, reports, milestones, follows, notifications.

export interface DialogueInput {
  title: Bilingual;
  summary?: Bilingual;
  place?: string;
  startDate: string;
  endDate: string;
  status?: DialogueStatus;
  participantIds?: string[];
  /** Required on update: the version read. */
  version?: number;
}

export interface RecommendationInput {
  dialogueId: string;
  code: string;
  text: Bilingual;
  addressedTo?: StakeholderGroup[];
  themes?: Theme[];
  version?: number;
}

export interface CommitmentInput {
  dialogueId: string;
  title: Bilingual;
  description?: Bilingual;
  ownerId: string;
  supportingIds?: string[];
  recommendationIds?: string[];
  themes?: Theme[];
  regions?: Region[];
  startDate?: string | null;
  dueDate?: string | null;
  indicators?: Indicator[];
  /** Required on update: the version read. A stale one answers 409 with the current record. */
  version?: number;
}

/** The body of a 409 on a stale edit: what changed, so the screen can let the person re-apply. */
export interface StaleEdit<T> {
  statusCode: 409;
  error: 'Conflict';
  message: string;
  current: T;
}
export type StaleCommitment = StaleEdit<CommitmentView>;

export const EVIDENCE_LINKS_MAX = 10;
export const NARRATIVE_MAX_LENGTH = 10_000;

export interface ReportInput {
  kind: ReportKind;
  status: ProgressStatus;
  percent?: number | null;
  narrative: Bilingual;
  /** http(s) links only. */
  evidenceLinks?: string[];
  /** Indicator index (as in the commitment's list) → value reported. */
  indicatorValues?: Record<string, number>;
  /** A correction points to the report it corrects; the corrected report stays as it was. */
  correctsId?: string;
}

export interface VerificationInput {
  note?: string;
}

export interface TranslationInput {
  locale: Locale;
  narrative: string;
}

export interface MilestoneInput {
  title: Bilingual;
  plannedDate?: string | null;
  reachedDate?: string | null;
  evidence?: string | null;
  version?: number;
}

export interface FollowInput {
  subjectType: SubjectType;
  subjectId: string;
}

export interface FollowView {
  id: string;
  subjectType: SubjectType;
  subjectId: string;
  title: Bilingual;
  createdAt: string;
}

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  subjectType: SubjectType | null;
  subjectId: string | null;
  /** What to show: the subject's title and event details (statuses, dates), never a hidden author. */
  payload: Record<string, unknown>;
  read: boolean;
  createdAt: string;
}

/** GET /api/notifications: a page of the reader's notifications, with how many are unread in all. */
export type NotificationPage = Page<NotificationView> & { unread: number };

/** GET /api/dialogues/:id/report: the accountability report, recommendation by recommendation. */
export interface AccountabilityReportEntry {
  commitment: CommitmentSummary;
  latestSelfReport: ReportView | null;
  latestAssessment: ReportView | null;
  /** Its state in the latest round that asked about it ("no report this round" is a finding), or null. */
  latestRound: CommitmentRoundState | null;
}

export interface AccountabilityReportView {
  dialogue: DialogueView;
  /** The dialogue's reporting rounds, newest first, with their completion. */
  rounds: RoundSummary[];
  recommendations: Array<{
    recommendation: RecommendationRef;
    commitments: AccountabilityReportEntry[];
  }>;
  /** Commitments of the dialogue linked to no recommendation. */
  unlinked: AccountabilityReportEntry[];
  audit: { seq: number; hash: string } | null;
  generatedAt: string;
}
