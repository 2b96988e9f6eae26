import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { IDEMPOTENCY_KEY_HEADER, IDEMPOTENCY_KEY_PATTERN, IDEMPOTENT_REPLAYED_HEADER, type Viewer } from '@suivi/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, Observable, of, switchMap, catchError, throwError, mergeMap } from 'rxjs';

import { DomainError, invalidField } from '../common/domain-error';
import { auditedWriteHooks, type AuditedWriteHook } from '../common/audited-write';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/env';
import { IDEMPOTENT_RESOURCE } from '../common/idempotent.decorator';
import { IdempotencyKeys, type AnsweredKey, type KeyScope } from './idempotency-keys.service';
import { IdempotencyReplays } from './idempotency-replays';
import { requestDigest, statedIdempotentBody } from './request-body';

/** Under NODE_ENV=test only: hold the write's transaction open this long after its key row. */
export const TEST_HOLD_HEADER = 'x-test-hold-after-key-ms';

/** Thrown inside the write's transaction when another copy of the request answered the key: it rolls the copy back. */
class KeyAnsweredMeanwhile extends Error {
  constructor() {
    super('Another copy of this request answered its idempotency key');
  }
}

export class IdempotencyKeyReusedException extends DomainError {
  constructor() {
    super(
      'idempotency_key_reused',
      `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request; send a new key for a new request`,
    );
  }
}

/**
 * DESIGN.md, "Idempotent creation", for every route marked @Idempotent. A request with a key that
 * was answered is replayed without running the route: the same status, and the resource read
 * again for the same person. Otherwise the route runs, and its key is claimed in the transaction
 * of its first audited write of its resource (the audit chain sees every write, so no route can
 * forget it); a copy that arrives meanwhile waits there on the key, then rolls back and replays.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: IdempotencyKeys,
    private readonly replays: IdempotencyReplays,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const resource = this.reflector.get<string | undefined>(IDEMPOTENT_RESOURCE, context.getHandler());
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest & { user?: Viewer | null }>();
    const header = request.headers[IDEMPOTENCY_KEY_HEADER.toLowerCase()];
    if (!resource || header === undefined) {
      return next.handle();
    }
    if (typeof header !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(header)) {
      throw invalidField(
        IDEMPOTENCY_KEY_HEADER,
        'key_format',
        `${IDEMPOTENCY_KEY_HEADER} must be 8 to 128 letters, digits, or _ . : - (a UUID fits)`,
      );
    }
    const viewer = request.user;
    if (!viewer) {
      // The route's guard let a signed-out request through: there is no account to scope a key to.
      return next.handle();
    }
    const reply = http.getResponse<FastifyReply>();
    const scope: KeyScope = { userId: viewer.id, method: request.method, path: request.url.split('?')[0], key: header };
    const status = this.reflector.get<number | undefined>(HTTP_CODE_METADATA, context.getHandler()) ?? 201;
    // A multipart body is read by the route itself; it states what it read (stateIdempotentBody).
    const digestNow = request.isMultipart() ? null : requestDigest({ params: request.params, query: request.query, body: request.body });
    const digest = (): string => {
      if (digestNow) {
        return digestNow;
      }
      const stated = statedIdempotentBody(request);
      if (!stated.stated) {
        throw new Error(`${request.routeOptions.url}: a multipart route must state its body (stateIdempotentBody) before it writes`);
      }
      return requestDigest({ params: request.params, query: request.query, body: stated.body });
    };

    const claim: { state: 'open' | 'claimed' | 'lost' } = { state: 'open' };
    const hold = this.config.nodeEnv === 'test' ? Number(request.headers[TEST_HOLD_HEADER] ?? 0) : 0;
    const hook: AuditedWriteHook = async (tx, write) => {
      if (claim.state !== 'open' || write.entityType !== resource || !write.entityId) {
        return;
      }
      claim.state = 'claimed';
      const won = await this.keys.claim(tx, scope, { bodySha256: digest(), status, resourceType: resource, resourceId: write.entityId });
      if (!won) {
        claim.state = 'lost';
        throw new KeyAnsweredMeanwhile();
      }
      if (hold > 0) {
        await new Promise((resolve) => setTimeout(resolve, Math.min(hold, 10_000)));
      }
    };
    const replay = () => this.replay(scope, digest(), viewer, reply);
    const run = () =>
      new Observable<unknown>((subscriber) => auditedWriteHooks.run(hook, () => next.handle().subscribe(subscriber))).pipe(
        // The copy that lost the key rolled back whatever it wrote; the winner's answer is the answer.
        mergeMap((body) => (claim.state === 'lost' ? from(replay()) : of(body))),
        catchError((error: unknown) => {
          if (claim.state === 'lost') {
            return from(replay());
          }
          if (claim.state === 'claimed') {
            return throwError(() => error);
          }
          // Refused before its first audited write, perhaps by what the other copy wrote (a
          // unique code, "already verified"): that copy's answer, when it holds the key, is this one's.
          return from(this.keys.answered(scope)).pipe(
            switchMap((answered) =>
              // A multipart body refused before it was read through cannot be compared: its own error.
              answered && (digestNow || statedIdempotentBody(request).stated)
                ? from(this.answer(answered, digest(), viewer, reply))
                : throwError(() => error),
            ),
          );
        }),
      );
    if (!digestNow) {
      // Whether it was answered cannot be told before the parts are read: the claim tells.
      return run();
    }
    return from(this.keys.answered(scope)).pipe(
      switchMap((answered) => (answered ? from(this.answer(answered, digestNow, viewer, reply)) : run())),
    );
  }

  private async replay(scope: KeyScope, digest: string, viewer: Viewer, reply: FastifyReply): Promise<unknown> {
    const answered = await this.keys.answered(scope);
    if (!answered) {
      // Claimed by a copy that then expired or whose account reset in between: nothing to replay.
      throw new DomainError(
        'idempotency_key_expired',
        'This request was answered under a key that no longer holds; send it again with a new key',
      );
    }
    return this.answer(answered, digest, viewer, reply);
  }

  private async answer(answered: AnsweredKey, digest: string, viewer: Viewer, reply: FastifyReply): Promise<unknown> {
    if (answered.bodySha256 !== digest) {
      throw new IdempotencyKeyReusedException();
    }
    const body = await this.replays.read(answered.resourceType, answered.resourceId, viewer);
    void reply.status(answered.status).header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    return body;
  }
}
