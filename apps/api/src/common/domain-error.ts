import type { ErrorCode, ErrorParams, Problem, ProblemCode } from '@suivi/contracts';

/**
 * The one way the API refuses a request: a code from the contracts' vocabulary with its params,
 * and the English `message` scripts and logs read. The exception filter maps the code to its
 * HTTP status (ERROR_CODES); nothing else decides a status, and nothing reads `message` to learn
 * why. `extra` travels beside the code in the body (a stale edit's `current`, an import's rows).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string | string[],
    readonly params: ErrorParams = {},
    readonly problems?: Problem[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
  }

  /** The message as the body carries it: a 400 keeps one line per problem, as it always has. */
  readonly messages: string | string[];
}

/** A field refused for one reason: a 400 `invalid_input` whose one problem names it. */
export function invalidField(field: string, code: ProblemCode, message: string, params: ErrorParams = {}): DomainError {
  return new DomainError('invalid_input', [message], {}, [{ field, code, params }]);
}

/** Several problems at once (a DTO's validation): one line of `message` per problem. */
export function invalidFields(problems: Array<Problem & { message: string }>): DomainError {
  return new DomainError(
    'invalid_input',
    problems.map((p) => p.message),
    {},
    problems.map(({ field, code, params }) => ({ field, code, params })),
  );
}

/** No such record (or none the reader may know of): `resource` names its kind, never its content. */
export function notFound(resource: string, id: string | number): DomainError {
  return new DomainError('not_found', `No ${resource} ${id}`, { resource });
}

/** An edit of a record someone else changed since it was read: the 409 carries the current record. */
export function staleEdit(message: string, current: unknown): DomainError {
  return new DomainError('stale_edit', message, {}, undefined, { current });
}
