import type { NewcomerView } from './accounts';
import type { Bilingual } from './bilingual';
import type { OrganizationRef } from './views';
import type { ReportKind, StakeholderGroup, Theme } from './vocabulary';

// The follow-up routine (DESIGN.md): reporting rounds ask owner organisations for a report (and,
// when invited, civil society for an independent assessment) on every commitment in scope, and
// each request's state is derived from the reports filed during the round, never stored, so the
// record alone decides whether a ministry answered.

/** `planned` until its opening day, when its scope is frozen; `closed` at `closesOn` (by `system`) or by the secretariat. */
export const ROUND_STATES = ['planned', 'open', 'closed'] as const;
export type RoundState = (typeof ROUND_STATES)[number];

/**
 * `requested`: nothing filed yet and the round still takes reports; `submitted`: filed by `dueOn`;
 * `late`: filed after `dueOn` but before the round ended; `missing`: nothing by `closesOn`, or
 * nothing and the round closed early. "No report this round" is itself a public finding.
 */
export const REQUEST_STATES = ['requested', 'submitted', 'late', 'missing'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The track of a request: what kind of report answers it. */
export type RequestTrack = ReportKind;

/** Which of the dialogue's open commitments a round asks about; every list given narrows it. */
export interface RoundScope {
  themes?: Theme[];
  ownerIds?: string[];
  recommendationIds?: string[];
}

/** Without a `closesOn`, a round closes this many days after `dueOn`. */
export const ROUND_CLOSES_AFTER_DAYS = 14;

/** A day `days` after `day` (both `YYYY-MM-DD`), counted in UTC so no time zone moves it: the API's and the form's round dates. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

export interface RoundInput {
  title: Bilingual;
  /** `YYYY-MM-DD`; today or earlier opens the round at once. */
  opensOn: string;
  dueOn: string;
  /** Defaults to `dueOn` + 14 days. */
  closesOn?: string;
  inviteAssessments: boolean;
  scope?: RoundScope | null;
}

/** After opening only the title, `dueOn` and `closesOn` change. Everything changes while planned. */
export type RoundPatch = Partial<RoundInput> & { version: number };

export interface StateCounts {
  requested: number;
  submitted: number;
  late: number;
  missing: number;
  total: number;
  /** (submitted + late) / total, 0–1; 0 for an empty round. */
  rate: number;
}

export interface RoundCompletion {
  overall: StateCounts;
  /** The self-report track, per owner organisation. */
  byOrganization: Array<{ organization: OrganizationRef; counts: StateCounts }>;
  /** Both tracks by stakeholder group; the assessment track counts under `civil_society`. */
  byGroup: Array<{ group: StakeholderGroup; track: RequestTrack; counts: StateCounts }>;
}

export interface RoundSummary {
  id: string;
  dialogueId: string;
  title: Bilingual;
  opensOn: string;
  dueOn: string;
  closesOn: string;
  inviteAssessments: boolean;
  scope: RoundScope | null;
  state: RoundState;
  openedAt: string | null;
  closedAt: string | null;
  /** `system` when the round closed itself at `closesOn`. */
  closedBy: 'system' | 'secretariat' | null;
  version: number;
  completion: RoundCompletion;
}

export interface RoundRequestView {
  id: string;
  commitmentId: string;
  commitmentTitle: Bilingual;
  track: RequestTrack;
  /** The owner for `self_report`; null for the assessment track, which any civil-society organisation not owning the commitment meets. */
  organizationId: string | null;
  state: RequestState;
  /** The first report that met the request, when one did. */
  reportId: string | null;
  reportedAt: string | null;
}

export interface RoundView extends RoundSummary {
  requests: RoundRequestView[];
}

/** On a commitment's public page: its state in each round that asked about it, newest first. */
export interface CommitmentRoundState {
  roundId: string;
  title: Bilingual;
  dueOn: string;
  closesOn: string;
  roundState: RoundState;
  states: { self_report: RequestState; independent_assessment?: RequestState };
}

export interface FocalPointsView {
  organizationId: string;
  /** Empty: every active member of the organisation receives its requests. */
  focalPoints: Array<{ id: string; name: string }>;
  /** The organisation's active members, from whom focal points are named. */
  members: Array<{ id: string; name: string }>;
}

export interface FocalPointsInput {
  userIds: string[];
}

/** One open request of my organisation (or, for civil society, an assessment asked of any of us). */
export interface WorkRequest {
  roundId: string;
  roundTitle: Bilingual;
  dueOn: string;
  closesOn: string;
  commitmentId: string;
  commitmentTitle: Bilingual;
  track: RequestTrack;
  /** `requested` before `dueOn`, still `requested` (overdue) after it. */
  overdue: boolean;
}

export interface WorkCommitment {
  id: string;
  title: Bilingual;
  dueDate: string;
  overdue: boolean;
}

/** A report that waits for the secretariat's verification (the latest self-report of its commitment, not yet verified). */
export interface WorkReportToVerify {
  reportId: string;
  commitmentId: string;
  commitmentTitle: Bilingual;
  organization: OrganizationRef;
  createdAt: string;
}

export interface SecretariatQueues {
  accountsToApprove: number;
  openFlags: number;
  reportsToVerify: number;
}

/** GET /api/me/work: what is asked of me now. Lists are capped at WORK_LIST_MAX; `counts` are whole. */
export interface MyWork {
  requests: WorkRequest[];
  commitmentsDue: WorkCommitment[];
  /** Newcomers I may confirm or vouch for (as GET /me/organization/newcomers lists them). */
  newcomers: NewcomerView[];
  /** Secretariat only. */
  queues: SecretariatQueues | null;
  reportsToVerify: WorkReportToVerify[];
  /** The current round of every dialogue that has one (open, or the latest closed when none is open), secretariat only. */
  rounds: RoundSummary[];
  counts: { requests: number; commitmentsDue: number; newcomers: number; reportsToVerify: number };
}

export const WORK_LIST_MAX = 50;
/** A commitment of mine due within this many days is listed as due. */
export const WORK_DUE_WITHIN_DAYS = 30;
