import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ERROR_CODES, type ApiError, type ErrorCode } from '@suivi/contracts';
import type { FastifyReply } from 'fastify';
import {
  OptimisticLockVersionMismatchError,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';

import { DomainError } from './domain-error';

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** PostgreSQL error codes that mean the database is unreachable or restarting, not a bug. */
const UNAVAILABLE_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

/** What `pg` says, without a code, about a connection that died or never came. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|not queryable|Connection ended unexpectedly/i;

/** During an outage every request fails the same way: one log line per this many ms is enough. */
const OUTAGE_LOG_EVERY_MS = 10_000;

const UNAVAILABLE: ApiError = {
  statusCode: 503,
  error: REASONS[503],
  message: 'The database is unavailable; try again shortly',
  code: 'unavailable',
  params: {},
};

/**
 * What the framework itself refuses with (a route that does not exist, a guard's refusal, the
 * throttler, Fastify's body parser), by exception class or Fastify's status: the API's own code
 * never throws these (lint forbids it), it throws a DomainError with a code.
 */
const FRAMEWORK_CODES: Record<number, ErrorCode> = {
  401: 'not_signed_in',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

/**
 * One error shape for every failure: `{ statusCode, error, message, code, params, problems? }`
 * (libs/contracts, errors.ts). A DomainError's code decides the status; database failures are
 * mapped to what they mean for the caller; anything unexpected is logged and answered as a 500
 * without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');
  private outageLoggedAt = 0;
  private outageUnlogged = 0;

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    if (body === UNAVAILABLE) {
      this.logOutage(exception);
    } else if (body.statusCode >= 500) {
      this.logger.error({ err: withoutQueryParameters(exception) }, 'request failed');
    }
    if (body.statusCode === 503) {
      void reply.header('retry-after', '5');
    }
    const retryAfter = (body as { retryAfter?: unknown }).retryAfter;
    if (body.statusCode === 429 && typeof retryAfter === 'number') {
      void reply.header('retry-after', String(retryAfter));
    }
    // A route may have set another type (text/csv) before failing: errors are always JSON.
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  /** A warning, not an error with a stack per request: the outage is one event, not a storm of bugs. */
  private logOutage(exception: unknown): void {
    const now = Date.now();
    if (now - this.outageLoggedAt < OUTAGE_LOG_EVERY_MS) {
      this.outageUnlogged += 1;
      return;
    }
    const err = exception as { code?: string; driverError?: { code?: string }; message?: string };
    this.logger.warn(
      { code: err?.driverError?.code ?? err?.code, reason: err?.message, alsoFailedSinceLastLine: this.outageUnlogged },
      'database unavailable: answering 503',
    );
    this.outageLoggedAt = now;
    this.outageUnlogged = 0;
  }

  private toBody(exception: unknown): ApiError {
    if (exception instanceof DomainError) {
      const status = ERROR_CODES[exception.code].status;
      return {
        ...exception.extra,
        statusCode: status,
        error: REASONS[status] ?? HttpStatus[status] ?? 'Error',
        message: exception.messages,
        code: exception.code,
        params: exception.params,
        ...(exception.problems ? { problems: exception.problems } : {}),
      };
    }
    if (exception instanceof HttpException) {
      return frameworkBody(exception);
    }
    if (exception instanceof OptimisticLockVersionMismatchError) {
      return {
        statusCode: 409,
        error: REASONS[409],
        message: 'This record was changed by someone else; reload it',
        code: 'stale_edit',
        params: {},
      };
    }
    const code =
      (exception as { code?: string; driverError?: { code?: string } })?.driverError?.code ?? (exception as { code?: string })?.code;
    // A query runner is released under a transaction only when its connection died (seen at the
    // query, and at the COMMIT of a transaction whose connection dropped).
    if (
      (code && UNAVAILABLE_CODES.has(code)) ||
      exception instanceof QueryRunnerProviderAlreadyReleasedError ||
      exception instanceof QueryRunnerAlreadyReleasedError
    ) {
      return UNAVAILABLE;
    }
    if (exception instanceof QueryFailedError && code === '23505') {
      return { statusCode: 409, error: REASONS[409], message: 'This conflicts with an existing record', code: 'conflict', params: {} };
    }
    if ((exception as { statusCode?: number })?.statusCode === 413) {
      return { statusCode: 413, error: REASONS[413], message: 'The request body is too large', code: 'payload_too_large', params: {} };
    }
    const fastifyStatus = (exception as { statusCode?: number })?.statusCode;
    if (fastifyStatus && fastifyStatus >= 400 && fastifyStatus < 500) {
      return fastifyBody(fastifyStatus, exception as Error & { code?: string });
    }
    if (exception instanceof Error && UNAVAILABLE_MESSAGE.test(exception.message)) {
      return UNAVAILABLE;
    }
    return { statusCode: 500, error: REASONS[500], message: 'Something went wrong on our side', code: 'server_error', params: {} };
  }
}

/** An HttpException the framework raised (see FRAMEWORK_CODES); extra fields it carries travel on. */
function frameworkBody(exception: HttpException): ApiError {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const error = REASONS[status] ?? HttpStatus[status] ?? 'Error';
  const {
    message,
    statusCode: _s,
    error: _e,
    ...extra
  } = typeof response === 'string'
    ? { message: response }
    : (response as { message?: string | string[]; statusCode?: number; error?: string });
  const text = message ?? exception.message;
  if (status === 400) {
    // The only 400 the framework raises itself is its JSON body parser's (our pipes throw
    // DomainErrors): the body is the field. Its wording is the framework's, not ours to keep stable.
    const problem = /json/i.test(String(text)) ? 'not_json' : 'invalid';
    return {
      ...extra,
      statusCode: 400,
      error,
      message: text,
      code: 'invalid_input',
      params: {},
      problems: [{ field: 'body', code: problem, params: {} }],
    };
  }
  const code = FRAMEWORK_CODES[status];
  // Without a code the body breaks the contract; the suites' teardown names the route that sent it.
  return { ...extra, statusCode: status, error, message: text, ...(code ? { code, params: {} } : {}) } as ApiError;
}

/**
 * Fastify's own 4xx (its body parser, before any route runs): a body that is not JSON, an empty
 * JSON body, a media type no parser takes. A 400 names the body as the problem.
 */
function fastifyBody(status: number, exception: Error & { code?: string }): ApiError {
  const error = REASONS[status] ?? 'Error';
  if (status === 400) {
    const problem = exception.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ? 'required' : 'not_json';
    return {
      statusCode: 400,
      error,
      message: exception.message,
      code: 'invalid_input',
      params: {},
      problems: [{ field: 'body', code: problem, params: {} }],
    };
  }
  const code = FRAMEWORK_CODES[status];
  return { statusCode: status, error, message: exception.message, ...(code ? { code, params: {} } : {}) } as ApiError;
}

/**
 * A failed query carries its SQL parameters, which may hold a pseudonymous message's author or
 * what someone wrote: the log keeps the error, never the values (DESIGN.md, Safe participation).
 */
export function withoutQueryParameters(exception: unknown): unknown {
  if (!(exception instanceof QueryFailedError)) {
    return exception;
  }
  const driver = exception.driverError as { code?: string; message?: string } | undefined;
  return { type: 'QueryFailedError', message: exception.message, code: driver?.code, query: exception.query, stack: exception.stack };
}
