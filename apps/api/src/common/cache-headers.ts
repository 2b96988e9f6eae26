import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

const PERSONAL = Symbol('suivi.personal-answer');

/**
 * Marks the answer to this request as depending on who asks: the policy guard does it for every
 * route with a rule (@Allow), and reading the viewer (@CurrentViewer) does it for a signed-in
 * request to a public route (a thread page with `mine`, a safe-space thread, a report's authors).
 */
export function markPersonal(request: object): void {
  (request as { [PERSONAL]?: boolean })[PERSONAL] = true;
}

/** Built web app files whose name carries their content hash (Angular's output: `main-ABCD1234.js`). */
const HASHED_ASSET = /[.-][0-9A-Z]{8,}\.(js|css|woff2?)$/i;

/**
 * The one Cache-Control policy (DESIGN.md, Sessions):
 * - an answer that depends on who asks, and any answer to a write, is `no-store`: a shared
 *   device's browser keeps nothing one person read;
 * - every other answer is `no-cache`: caches may keep it but ask first (with its ETag where it
 *   has one, answered 304 when unchanged), so a purge reaches every cache on its next read;
 * - only the web app's hashed files are immutable.
 */
export function cacheControl(request: Pick<FastifyRequest, 'method' | 'url'>, personal: boolean): string {
  if (personal || (request.method !== 'GET' && request.method !== 'HEAD')) {
    return 'no-store';
  }
  const path = request.url.split('?')[0];
  if (!path.startsWith('/api/') && HASHED_ASSET.test(path)) {
    return 'public, max-age=31536000, immutable';
  }
  return 'no-cache';
}

/** Whether a conditional request's If-None-Match names this ETag. */
export function etagMatches(ifNoneMatch: string | undefined, etag: unknown): boolean {
  return typeof etag === 'string' && ifNoneMatch !== undefined && ifNoneMatch.split(',').some((tag) => tag.trim() === etag);
}

/**
 * Sets Cache-Control on every answer, API, web app and errors alike, as the last step before it
 * leaves (controllers set none), and answers a conditional GET whose ETag still matches with 304.
 */
export function useCacheHeaders(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      const personal = (request as { [PERSONAL]?: boolean })[PERSONAL] === true;
      void reply.header('cache-control', cacheControl(request, personal));
      // Before compression (registered first): the payload is still the text or bytes.
      if (
        !personal &&
        reply.statusCode === 200 &&
        (typeof payload === 'string' || Buffer.isBuffer(payload)) &&
        (request.method === 'GET' || request.method === 'HEAD') &&
        etagMatches(request.headers['if-none-match'], reply.getHeader('etag'))
      ) {
        void reply.code(304);
        void reply.removeHeader('content-length');
        done(null, '');
        return;
      }
      done(null, payload);
    });
}
