import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { LOCALES, type Locale, isOneOf, preferredLocale } from '@suivi/contracts';

/**
 * Serves the built Angular app on the API's own port. Hashed bundles are cached for a year;
 * index.html is checked again on every visit, so a new release is picked up at once (both set by
 * common/cache-headers.ts). Deep links (any GET outside /api that matches no file) get
 * index.html from the error filter's not-found path.
 */
export async function serveWebApp(app: NestFastifyApplication, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    prefix: '/',
    wildcard: false,
    index: false,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The language the app will start in: the reader's choice (cookie), else the browser's (as the app decides). */
export function pageLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  return isOneOf(LOCALES, cookie) ? cookie : preferredLocale(acceptLanguage?.split(','));
}

/** What a page needs first: its data (fetched by the app) and its lazy code (named by export). */
export interface PagePreloads {
  data: string[];
  code: string[];
}

/**
 * What the app fetches first on this page, so the browser downloads it alongside the app's code
 * instead of after it (tests/perf F2/F3). Data only when every reader gets it alike: the browser
 * hands a preloaded response to the app's request even when that one carries a token, so nothing
 * that depends on the viewer (a commitment's timeline, say) may be here. Code by the names the
 * app's routes import (app.routes.ts, commitments.routes.ts).
 */
export function pagePreloads(path: string, locale: Locale): PagePreloads {
  const data = [`/i18n/${locale}.json`, '/api/info'];
  const segments = path.split('?')[0].split('/').filter(Boolean);
  if (segments.length === 0) {
    return { data: [...data, '/api/dashboard'], code: ['dashboardRoutes'] };
  }
  if (segments.length === 2 && segments[0] === 'commitments' && UUID.test(segments[1])) {
    // The app asks for the id as written in the address.
    return { data: [...data, `/api/commitments/${segments[1]}`], code: ['commitmentsRoutes', 'CommitmentDetailComponent'] };
  }
  return { data, code: [] };
}

const STATIC_IMPORT = /(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g;
/** A lazy route in the built code: `import("./chunk-X.js").then(e=>e.dashboardRoutes)`. */
const LAZY_EXPORT = /import\(\s*["']\.\/([\w.-]+\.js)["']\s*\)\.then\(\(?(\w+)\)?=>\2\.(\w+)\)/g;

/** The built app as index.html needs it: the page itself, and which chunks each lazy export needs. */
export class WebBuild {
  readonly html: string;
  private readonly initial: Set<string>;
  private readonly lazy = new Map<string, string>();

  constructor(
    html: string,
    private readonly readChunk: (file: string) => string,
    chunkFiles: readonly string[],
  ) {
    const entries = [...html.matchAll(/<script src="([\w.-]+\.js)"/g)].map((m) => m[1]);
    const hinted = new Set([...html.matchAll(/<link rel="modulepreload" href="([\w.-]+\.js)"/g)].map((m) => m[1]));
    this.initial = this.closure(entries);
    // The Angular builder hints at most ten initial chunks; past ten, the others (Angular's core
    // among them) were found only once the first had arrived and been parsed, a round trip later.
    const missing = [...this.initial].filter((file) => !entries.includes(file) && !hinted.has(file)).sort();
    this.html = html.replace('</head>', `${modulePreloads(missing)}</head>`);
    for (const file of chunkFiles) {
      for (const [, chunk, , name] of readChunk(file).matchAll(LAZY_EXPORT)) {
        this.lazy.set(name, chunk);
      }
    }
  }

  /** The chunks behind these lazy exports, with what they import, that index.html does not load already. */
  lazyChunks(exports: readonly string[]): string[] {
    const roots = exports.flatMap((name) => this.lazy.get(name) ?? []);
    return [...this.closure(roots)].filter((file) => !this.initial.has(file)).sort();
  }

  private closure(roots: readonly string[]): Set<string> {
    const seen = new Set<string>();
    const stack = [...roots];
    while (stack.length) {
      const file = stack.pop() as string;
      if (!seen.has(file)) {
        seen.add(file);
        stack.push(...[...this.readChunk(file).matchAll(STATIC_IMPORT)].map((m) => m[1]));
      }
    }
    return seen;
  }
}

function modulePreloads(files: readonly string[]): string {
  return files.map((file) => `<link rel="modulepreload" href="${file}">`).join('');
}

let cachedBuild: { dir: string; build: WebBuild } | null = null;

function webBuild(webDir: string): WebBuild {
  if (cachedBuild?.dir !== webDir) {
    const read = (file: string) => readFileSync(join(webDir, file), 'utf8');
    // A hint is worth less than the page: an unreadable chunk is left out, not an error.
    const readChunk = (file: string) => {
      try {
        return read(file);
      } catch {
        return '';
      }
    };
    const chunks = readdirSync(webDir).filter((file) => file.endsWith('.js'));
    cachedBuild = { dir: webDir, build: new WebBuild(read('index.html'), readChunk, chunks) };
  }
  return cachedBuild.build;
}

/** index.html with the page's preloads; `crossorigin` gives the data the credentials mode of the app's own requests. */
export function indexHtml(webDir: string, page: PagePreloads = { data: [], code: [] }): string {
  const build = webBuild(webDir);
  const data = page.data.map((href) => `<link rel="preload" as="fetch" crossorigin href="${href}">`).join('');
  return build.html.replace('</head>', `${data}${modulePreloads(build.lazyChunks(page.code))}</head>`);
}
