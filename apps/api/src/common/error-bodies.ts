import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { FastifyInstance } from 'fastify';

/**
 * Appends every 4xx JSON body to `<dir>/<pid>.jsonl`, with its status and route pattern, for the
 * test suites' teardown to check against the error vocabulary (tests/support/error-vocabulary.ts).
 * Only ever on when ERROR_BODIES_DIR is set outside production. Registered before compression, so
 * the body is still the JSON text.
 */
export function recordErrorBodies(fastify: FastifyInstance, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${process.pid}.jsonl`);
  fastify.addHook('onSend', async (request, reply, payload) => {
    const status = reply.statusCode;
    if (status >= 400 && status < 500 && typeof payload === 'string' && String(reply.getHeader('content-type')).includes('json')) {
      const route = request.routeOptions?.url ?? request.url.split('?')[0];
      // Synchronous: a test's last request is on disk before the suite ends.
      appendFileSync(file, `${JSON.stringify({ status, method: request.method, route, body: payload })}\n`);
    }
    return payload;
  });
}
