import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * Serves the built Angular app on the API's own port. Hashed bundles are cached for a year;
 * index.html never, so a new release is picked up on the next visit. Deep links (any GET outside
 * /api that matches no file) get index.html from the error filter's not-found path.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: false,
    setHeaders: (res, path) => {
      const immutable = /[.-][0-9A-Z]{8,}\.(js|css|woff2?)$/i.test(path);
      res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}

let cachedIndex: { dir: string; html: Buffer } | null = null;

export function indexHtml(webDir: string): Buffer {
  if (cachedIndex?.dir !== webDir) {
    cachedIndex = { dir: webDir, html: readFileSync(join(webDir, 'index.html')) };
  }
  return cachedIndex.html;
}
