// The API's error vocabulary. Every 4xx body carries a `code` from ERROR_CODES with its `params`;
// a 400 (and any refusal about given fields) also carries `problems`, each a field's code from
// PROBLEM_CODES with its params. A screen says them in the reader's language by code; `message`
// stays English for scripts and logs and is never parsed. Adding a code means adding its English
// and French texts in the web app (a unit test there fails otherwise) and its status here.

/** Every refusal of a request: its HTTP status, and the names of the params its text uses. */
export const ERROR_CODES = {
  // 400: what was sent is wrong; `problems` says where.
  invalid_input: { status: 400, params: [] },
  import_invalid: { status: 400, params: [] },
  import_too_many_rows: { status: 400, params: ['rows', 'maxRows'] },

  // 401: who is asking is not known.
  not_signed_in: { status: 401, params: [] },
  wrong_credentials: { status: 401, params: [] },
  session_ended: { status: 401, params: [] },
  session_reused: { status: 401, params: [] },

  // 403: known, and not allowed.
  forbidden: { status: 403, params: [] },
  account_suspended: { status: 403, params: [] },
  no_organization: { status: 403, params: [] },
  /** A safe space or participants thread read by someone outside its audience (`audience` param). */
  thread_audience: { status: 403, params: ['audience'] },
  thread_locked: { status: 403, params: [] },
  /** Muted (`until` is an ISO date) or barred from posting (`until` empty). */
  posting_restricted: { status: 403, params: ['kind', 'until'] },
  pseudonym_not_allowed: { status: 403, params: [] },
  author_only: { status: 403, params: [] },
  owner_organization_only: { status: 403, params: [] },
  report_organization_only: { status: 403, params: [] },
  civil_society_only: { status: 403, params: [] },
  own_account: { status: 403, params: [] },
  second_secretariat_required: { status: 403, params: [] },
  cannot_vouch: { status: 403, params: [] },
  /** An organisation's own settings (its focal points): its members and the secretariat. */
  organization_members_only: { status: 403, params: [] },

  // 404
  not_found: { status: 404, params: ['resource'] },
  idempotency_key_unanswered: { status: 404, params: [] },

  // 409: the request is fine; the record's state refuses it.
  conflict: { status: 409, params: [] },
  /** An edit of a record changed since it was read; `current` travels beside it. */
  stale_edit: { status: 409, params: [] },
  already_done: { status: 409, params: ['state'] },
  message_deleted: { status: 409, params: [] },
  message_not_editable: { status: 409, params: ['state'] },
  edit_window_over: { status: 409, params: ['minutes'] },
  already_flagged: { status: 409, params: [] },
  self_sanction: { status: 409, params: [] },
  mute_ended: { status: 409, params: [] },
  suspension_through_account: { status: 409, params: [] },
  account_state: { status: 409, params: ['state'] },
  code_taken: { status: 409, params: ['code'] },
  group_locked: { status: 409, params: ['accounts'] },
  translation_present: { status: 409, params: ['locale'] },
  chain_empty: { status: 409, params: [] },
  chain_broken: { status: 409, params: ['firstBrokenSeq'] },
  event_purged: { status: 409, params: ['seq'] },
  import_incomplete: { status: 409, params: ['firstNotWritten'] },
  idempotency_key_reused: { status: 409, params: [] },
  idempotency_key_expired: { status: 409, params: [] },
  /** A dialogue's rounds do not overlap: the other round's dates. */
  round_overlap: { status: 409, params: ['opensOn', 'closesOn'] },
  /** What the round's state no longer allows (a closed round changes no more; an open one only its title and dates). */
  round_state: { status: 409, params: ['state'] },

  // 413, 415, 429
  payload_too_large: { status: 413, params: [] },
  unsupported_media_type: { status: 415, params: [] },
  too_many_requests: { status: 429, params: ['retryAfter'] },
  too_many_messages: { status: 429, params: ['retryAfter'] },
  too_many_imports: { status: 429, params: ['retryAfter'] },
  too_many_downloads: { status: 429, params: ['retryAfter'] },

  // 5xx carry codes too, so a screen never reads English.
  export_not_ready: { status: 503, params: [] },
  unavailable: { status: 503, params: [] },
  server_error: { status: 500, params: [] },
} as const satisfies Record<string, { status: number; params: readonly string[] }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** What one field (or one CSV cell) is refused for, and the names of the params its text uses. */
export const PROBLEM_CODES = {
  // The value's form (class-validator's constraints map here).
  required: [],
  invalid: [],
  unknown_field: [],
  not_text: [],
  not_boolean: [],
  not_a_list: [],
  not_an_object: [],
  not_json: [],
  number: [],
  integer: [],
  min: ['min'],
  max: ['max'],
  too_long: ['max'],
  too_short: ['min'],
  too_many: ['max'],
  too_few: ['min'],
  duplicates: [],
  not_allowed: ['allowed'],
  date: [],
  uuid: [],
  url: [],
  email: [],
  code_format: [],
  key_format: [],
  path_format: [],
  /** A bilingual text with neither language. */
  one_language: [],
  pseudonym_form: [],
  // Passwords
  password_short: ['min'],
  password_common: [],
  password_personal: [],
  password_variety: [],
  wrong_password: [],
  link_invalid: [],
  // Against what is recorded
  date_order: ['after'],
  not_in_future: [],
  too_far: [],
  only_mute_ends: [],
  required_with: ['other'],
  not_with: ['other'],
  needs_sign_in: [],
  no_change: [],
  already_in_state: ['state'],
  /** A round's scope, opening day and invitation are frozen once it opens. */
  fixed_after_opening: [],
  not_in_past: [],
  not_active_member: [],
  unknown_dialogue: [],
  unknown_organisation: [],
  unknown_commitment: [],
  unknown_subject: ['type'],
  subject_dialogue: ['type'],
  unknown_indicator: [],
  unknown_recommendation_code: ['codes'],
  owner_supporting: [],
  recommendation_dialogue: [],
  secretariat_organization: [],
  not_same_thread: [],
  not_in_thread: [],
  not_same_kind: [],
  indicators_json: [],
  repeated_in_file: [],
  code_taken: ['code'],
  group_locked: ['accounts'],
  // Files
  file_too_large: ['name', 'maxMb'],
  file_type: ['name'],
  file_unreadable: ['name'],
  too_many_files: ['max'],
  unexpected_field: [],
} as const satisfies Record<string, readonly string[]>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export type ErrorParams = Record<string, string | number>;

/** One refused field: its dotted path (`title.en`, `indicators.0.unit`, `evidence`), why, and the text's params. */
export interface Problem {
  field: string;
  code: ProblemCode;
  params: ErrorParams;
}

/** The body of every error answer. Routes may add fields beside these (a 409's `current`). */
export interface ApiError {
  statusCode: number;
  error: string;
  /** English, for scripts and logs; a 400 lists one line per problem. */
  message: string | string[];
  code: ErrorCode;
  params: ErrorParams;
  problems?: Problem[];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(PROBLEM_CODES, value);
}

/**
 * Why a body is not an error in this vocabulary, or null when it is: a known code of its status,
 * params an object, and problems (when present) each a known code on a field. The test suites'
 * teardown runs this over every 4xx answered.
 */
export function vocabularyFault(status: number, body: unknown): string | null {
  if (!body || typeof body !== 'object') {
    return 'the body is not a JSON object';
  }
  const { code, params, problems } = body as { code?: unknown; params?: unknown; problems?: unknown };
  if (!isErrorCode(code)) {
    return `code ${JSON.stringify(code)} is not in the vocabulary`;
  }
  if (ERROR_CODES[code].status !== status) {
    return `code ${code} is a ${ERROR_CODES[code].status}, answered as ${status}`;
  }
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    return 'params is not an object';
  }
  if (status === 400 && code === 'invalid_input' && (!Array.isArray(problems) || problems.length === 0)) {
    return 'a 400 invalid_input without problems';
  }
  if (problems !== undefined) {
    if (!Array.isArray(problems)) {
      return 'problems is not a list';
    }
    for (const problem of problems as Array<{ field?: unknown; code?: unknown; params?: unknown }>) {
      if (typeof problem?.field !== 'string' || !isProblemCode(problem.code) || !problem.params || typeof problem.params !== 'object') {
        return `problem ${JSON.stringify(problem)} is not a field with a known code and params`;
      }
    }
  }
  return null;
}
