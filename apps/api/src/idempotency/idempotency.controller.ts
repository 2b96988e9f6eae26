import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_PATTERN, isActive, type IdempotencyAnswer, type Viewer } from '@suivi/contracts';
import { Matches } from 'class-validator';

import { Allow, CurrentViewer } from '../auth/policy';
import { IdempotencyKeys } from './idempotency-keys.service';
import { IdempotencyReplays } from './idempotency-replays';

export class AnsweredKeyQuery {
  @ApiProperty({ description: 'The path the key was sent to, e.g. /api/commitments/{id}/reports' })
  @Matches(/^\/api\/[A-Za-z0-9/_.:-]{1,500}$/, { message: 'path must be the path of an API route, as /api/…' })
  path: string;
}

export class KeyParam {
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'key must be 8 to 128 letters, digits, or _ . : -' })
  key: string;
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
  async answered(@Param() params: KeyParam, @Query() query: AnsweredKeyQuery, @CurrentViewer() viewer: Viewer): Promise<IdempotencyAnswer> {
    const answered = await this.keys.answered({ userId: viewer.id, method: 'POST', path: query.path, key: params.key });
    if (!answered) {
      throw new NotFoundException({
        message: 'This key was not answered on that path (or it expired): send the request',
        code: 'idempotency_key_unanswered',
      });
    }
    return {
      status: answered.status,
      resource: answered.resourceType,
      id: answered.resourceId,
      body: await this.replays.read(answered.resourceType, answered.resourceId, viewer),
    };
  }
}
