import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow as AnyValue } from 'class-validator';
import { IDEMPOTENCY_KEY_PATTERN, isActive, type IdempotencyAnswer, type Viewer } from '@suivi/contracts';

import { DomainError, invalidField } from '../common/domain-error';
import { Allow, CurrentViewer } from '../auth/policy';
import { IdempotencyKeys } from './idempotency-keys.service';
import { IdempotencyReplays } from './idempotency-replays';

/** An API path as a client sent its POST to it. */
const API_PATH = /^\/api\/[A-Za-z0-9/_.:-]{1,500}$/;

/**
 * Declared for the schema and the validation pipe, checked in the route: the key's segment is
 * checked first, so a 400 names what was wrong in the order the request wrote it.
 */
export class AnsweredKeyQuery {
  @ApiProperty({ description: 'The path the key was sent to, e.g. /api/commitments/{id}/reports' })
  @AnyValue()
  path?: unknown;
}

@ApiTags('idempotency')
@Controller('idempotency-keys')
export class IdempotencyController {
  constructor(
    private readonly keys: IdempotencyKeys,
    private readonly replays: IdempotencyReplays,
  ) {}

  /**
   * Whether this account's POST to `path` under `key` was answered, and the answer as it reads
   * now. A client asks before sending large files again after an answer it did not receive.
   */
  @Get(':key')
  @Allow((v) => isActive(v))
  @ApiOkResponse({ description: 'The answer, re-read for the asker; 404 when the key was not answered' })
  async answered(@Param('key') key: string, @Query() query: AnsweredKeyQuery, @CurrentViewer() viewer: Viewer): Promise<IdempotencyAnswer> {
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw invalidField('key', 'key_format', 'key must be 8 to 128 letters, digits, or _ . : -');
    }
    const path = query.path;
    if (typeof path !== 'string' || !API_PATH.test(path)) {
      throw invalidField('path', 'path_format', 'path must be the path of an API route, as /api/…');
    }
    const answered = await this.keys.answered({ userId: viewer.id, method: 'POST', path, key });
    if (!answered) {
      throw new DomainError('idempotency_key_unanswered', 'This key was not answered on that path (or it expired): send the request');
    }
    return {
      status: answered.status,
      resource: answered.resourceType,
      id: answered.resourceId,
      body: await this.replays.read(answered.resourceType, answered.resourceId, viewer),
    };
  }
}
