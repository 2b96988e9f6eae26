import type { CommitmentRoundState } from './rounds';
import type { Bilingual } from './bilingual';
import type { ApiError } from './errors';
import type { DialogueStatus, ProgressStatus, Region, ReportKind, StakeholderGroup, Theme } from './vocabulary';

// Response shapes of the HTTP API. Socket events carry the same shapes.

export type { ApiError } from './errors';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface HealthView {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
}

export interface OrganizationRef {
  id: string;
  name: Bilingual;
  acronym: string | null;
  group: StakeholderGroup;
}

export interface OrganizationView extends OrganizationRef {
  /** Set for organisations invented for the demo, so the screen can say so. */
  illustrative: boolean;
}

export interface DialogueView {
  id: string;
  title: Bilingual;
  summary: Bilingual;
  place: string;
  startDate: string;
  endDate: string;
  status: DialogueStatus;
  organizations: OrganizationRef[];
  recommendationCount: number;
  commitmentCount: number;
  /** Sent back with an edit: a stale one answers 409 with the current record. */
  version: number;
}

export interface RecommendationRef {
  id: string;
  code: string;
  text: Bilingual;
}

export interface RecommendationView extends RecommendationRef {
  dialogueId: string;
  addressedTo: StakeholderGroup[];
  themes: Theme[];
  /** Statuses of the commitments linked to it: its progress at a glance. */
  progress: StatusCounts;
  commitmentCount: number;
  /** Sent back with an edit: a stale one answers 409 with the current record. */
  version: number;
}

export type StatusCounts = Record<ProgressStatus, number>;

export interface Indicator {
  name: Bilingual;
  unit: string;
  baseline: number | null;
  target: number | null;
  current: number | null;
}

/** Derived state (DESIGN.md): never set by hand, only by the report service. */
export interface CommitmentState {
  currentStatus: ProgressStatus;
  verifiedStatus: ProgressStatus | null;
  /** Status of the latest independent assessment, if any. */
  assessedStatus: ProgressStatus | null;
  overdue: boolean;
  contested: boolean;
}

export interface CommitmentSummary extends CommitmentState {
  id: string;
  title: Bilingual;
  owner: OrganizationRef;
  themes: Theme[];
  regions: Region[];
  dueDate: string | null;
  recommendationCodes: string[];
  lastReportAt: string | null;
  updatedAt: string;
}

export interface CommitmentView extends CommitmentSummary {
  dialogueId: string;
  description: Bilingual;
  supporting: OrganizationRef[];
  recommendations: RecommendationRef[];
  startDate: string | null;
  indicators: Indicator[];
  version: number;
  createdAt: string;
  /** Its state in every round that asked about it, newest first (GET /commitments/:id only; empty elsewhere). */
  rounds: CommitmentRoundState[];
}

export const COMMITMENT_SORTS = ['due', '-due', 'updated', '-updated', 'title', '-title', 'status', 'relevance'] as const;
export type CommitmentSort = (typeof COMMITMENT_SORTS)[number];

export interface CommitmentFilters {
  status?: ProgressStatus;
  owner?: string;
  group?: StakeholderGroup;
  theme?: Theme;
  region?: Region;
  overdue?: boolean;
  contested?: boolean;
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: CommitmentSort;
}

export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 100;

export interface ReportAuthor {
  id: string;
  name: string;
}

export interface ReportVerificationView {
  verifiedAt: string;
  verifiedBy: OrganizationRef;
  note: string | null;
}

export interface ReportIndicatorValue {
  /** The indicator's position in the commitment's list when the report was written. */
  index: number;
  value: number;
  /** As when the report was written; null when the record that says it was purged. */
  name: Bilingual | null;
  unit: string | null;
}

export interface ReportView {
  id: string;
  commitmentId: string;
  kind: ReportKind;
  status: ProgressStatus;
  percent: number | null;
  narrative: Bilingual;
  evidenceLinks: string[];
  organization: OrganizationRef;
  /** Only for the secretariat and the author's own organisation; the public sees the organisation. */
  author: ReportAuthor | null;
  createdAt: string;
  verification: ReportVerificationView | null;
  /** The report this one corrects, if it is a correction. */
  correctsId: string | null;
  /** Marks invented demo content on screen. */
  illustrative: boolean;
  /** Evidence files attached to the report (served as attachments by GET /api/files/:id). */
  files?: EvidenceFileView[];
  /**
   * The indicator values the report gives, by the indicator's position, each with the name and
   * unit the indicator had when the report was written (a later edit of the commitment renames
   * it for the commitment, not for this report). Empty when it gives none.
   */
  indicators?: ReportIndicatorValue[];
  /**
   * On an assessment whose status differs from the self-report standing when it was filed: that
   * difference, as the API derives it (in SQL, apps/api/src/audit/tracking.ts); null on any
   * other report. Clients show it, and never derive it.
   */
  divergence?: Divergence | null;
  /**
   * Only in the answer to a write that moved the commitment (a new report, a verification): its
   * state after the write, so the page that wrote needs no second request.
   */
  commitment?: CommitmentView;
}

export const EVIDENCE_MEDIA_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const EVIDENCE_MAX_BYTES = 10 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 5;
/** Images are decoded to be rewritten: larger ones are refused from their header (a decompression bomb is small on the wire). */
export const EVIDENCE_MAX_PIXELS = 40_000_000;

export interface EvidenceFileView {
  id: string;
  name: string;
  /** Checked from the bytes. */
  mediaType: (typeof EVIDENCE_MEDIA_TYPES)[number];
  size: number;
  /** Of the stored bytes (images after their metadata was removed); also in the audit chain. */
  sha256: string;
}

export interface MilestoneView {
  id: string;
  commitmentId: string;
  title: Bilingual;
  plannedDate: string | null;
  reachedDate: string | null;
  evidence: string | null;
  /** Sent back with an edit: a stale one answers 409 with the current record. */
  version: number;
}

/** One entry of the public history of a commitment, read from the audit chain. */
export interface HistoryEntry {
  seq: number;
  at: string;
  action: string;
  /** The acting organisation as the public may see it; never a person. */
  actor: string | null;
  /** The same organisation, named in the reader's language by the page. */
  actorOrganization: OrganizationRef | null;
  hash: string;
}

export interface Divergence {
  /** The assessment whose status differs from the self-report standing when it was filed (filed at or before it). */
  assessmentId: string;
  selfReportId: string | null;
  selfReportedStatus: ProgressStatus;
  assessedStatus: ProgressStatus;
  at: string;
}

export interface TimelineView {
  commitmentId: string;
  selfReports: ReportView[];
  assessments: ReportView[];
  milestones: MilestoneView[];
  divergences: Divergence[];
  history: HistoryEntry[];
}

export interface CommitmentBrief {
  id: string;
  title: Bilingual;
  owner: OrganizationRef;
  dueDate: string | null;
  currentStatus: ProgressStatus;
  assessedStatus: ProgressStatus | null;
}

/** How many overdue and contested commitments the dashboard lists; the totals count them all. */
export const DASHBOARD_LIST_MAX = 20;

export interface DashboardView {
  totals: { commitments: number; overdue: number; contested: number; reports: number; assessments: number };
  byStatus: StatusCounts;
  byGroup: Array<{ group: StakeholderGroup; counts: StatusCounts; total: number }>;
  byTheme: Array<{ theme: Theme; counts: StatusCounts; total: number }>;
  byRegion: Array<{ region: Region; counts: StatusCounts; total: number }>;
  /** The DASHBOARD_LIST_MAX most overdue (earliest due date first); `totals.overdue` counts all. */
  overdue: CommitmentBrief[];
  /** The DASHBOARD_LIST_MAX most recently reported contested commitments; `totals.contested` counts all. */
  contested: CommitmentBrief[];
  recommendations: Array<RecommendationRef & { dialogueId: string; counts: StatusCounts; total: number }>;
  /**
   * The latest published checkpoint, and where anyone verifies the chain. Nothing here moves with
   * a write the public cannot see (no count, head or time: DESIGN.md, "What the public can count").
   */
  audit: { checkpoint: CheckpointView | null; verify: typeof AUDIT_VERIFY_PATH };
}

/** Where anyone verifies the audit chain (GET). */
export const AUDIT_VERIFY_PATH = '/api/audit/verify';

export interface AuditVerifyView {
  valid: boolean;
  count: number;
  head: string | null;
  /** The first sequence number that does not verify, when valid is false. */
  brokenAt?: number;
  /**
   * The record (`type:id`) that does not match what the chain bound for it, when that is what
   * broke: a row rewritten, inserted or erased behind the API's back. Found by full verifications.
   */
  brokenRecord?: string;
  checkedAt: string;
  /**
   * When the latest completed full verification (every event re-hashed from the first, in the
   * background) began, or null before the first. Had it failed, `valid` is false.
   */
  fullyVerifiedAt: string | null;
}

/** Where the open data export is downloaded (GET), and where what it covers is described. */
export const OPEN_DATA_PATH = '/api/export.json';
export const OPEN_DATA_INFO_PATH = '/api/open-data';
export const OPEN_DATA_FORMAT = 'suivi-open-data/2';

/**
 * `GET /api/open-data`: the latest open data export, as `GET /api/export.json` would serve it.
 * Before the first export exists both answer 503 with `OpenDataNotReady`.
 */
export interface OpenDataInfoView {
  format: typeof OPEN_DATA_FORMAT;
  /** The last event of the record the file covers (0 and null for an empty record). */
  headSeq: number;
  headHash: string | null;
  generatedAt: string;
  /** In bytes. */
  size: number;
  /** The name the download is saved under: `suivi-open-data-<date>-<headSeq>.json`. */
  fileName: string;
  download: typeof OPEN_DATA_PATH;
}

export interface OpenDataNotReady extends ApiError {
  code: 'export_not_ready';
}

/**
 * The body of a 429 on a download (`GET /export.json`, the CSV exports): this address has had its
 * downloads for the window (a 304 to a conditional request never counts). `Retry-After` says the same.
 */
export interface DownloadsExhausted extends ApiError {
  code: 'too_many_downloads';
  retryAfter: number;
}

/**
 * The body of a 409 on `POST /audit/checkpoints` while the latest full verification failed: no
 * checkpoint vouches for a broken chain until the row is put back and a full verification passes.
 */
export interface AuditChainBroken {
  code: 'chain_broken';
  firstBrokenSeq: number;
}

/** `POST /audit/:seq/purge`: the reason, recorded in the chain, within these lengths. */
export const PURGE_REASON_MIN_LENGTH = 5;
export const PURGE_REASON_MAX_LENGTH = 1000;

export interface CheckpointView {
  seq: number;
  hash: string;
  createdAt: string;
}

export interface AuditEventView {
  seq: number;
  at: string;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  dataDigest: string;
  prevHash: string;
  hash: string;
  purged: boolean;
  /**
   * In the secretariat's list: whether the row still says what its hashed text and seal say (a
   * forged actor or action shows false at once, before any full verification).
   */
  intact?: boolean;
  /** In the secretariat's list: the account's display name when the actor is `user:<id>` (a pseudonym stays a pseudonym). */
  actorName?: string | null;
}

export interface RecommendationDetailView extends RecommendationView {
  commitments: CommitmentSummary[];
}

/** GET /api/info: what the web app needs to know about this deployment. */
export interface AppInfoView {
  /** True when the database holds the invented Bamako demo data: the screens then say so. */
  demo: boolean;
  version: string;
}
