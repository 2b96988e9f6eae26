import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { WebBuild, indexHtml, pageLocale, pagePreloads } from './web-app';

const COMMITMENT = '86112648-7194-4277-a718-b75c29b68235';

describe(pagePreloads.name, () => {
  it('preloads the translations and the app info on every page', () => {
    expect(pagePreloads('/dialogues', 'fr')).toEqual({ data: ['/i18n/fr.json', '/api/info'], code: [] });
  });

  it('preloads the dashboard and its code with the home page', () => {
    expect(pagePreloads('/', 'en')).toEqual({ data: ['/i18n/en.json', '/api/info', '/api/dashboard'], code: ['dashboardRoutes'] });
    expect(pagePreloads('/?utm=x', 'en').data).toContain('/api/dashboard');
  });

  it('preloads a commitment and its code with its page, but not its timeline, which depends on the reader', () => {
    expect(pagePreloads(`/commitments/${COMMITMENT}`, 'en')).toEqual({
      data: ['/i18n/en.json', '/api/info', `/api/commitments/${COMMITMENT}`],
      code: ['commitmentsRoutes', 'CommitmentDetailComponent'],
    });
    expect(pagePreloads(`/commitments/${COMMITMENT}/`, 'en').data).toContain(`/api/commitments/${COMMITMENT}`);
  });

  it('preloads no data for an address that is not a commitment id', () => {
    expect(pagePreloads('/commitments/new', 'en').data).toEqual(['/i18n/en.json', '/api/info']);
    expect(pagePreloads('/commitments/"><script>', 'en').data).toEqual(['/i18n/en.json', '/api/info']);
  });
});

describe(pageLocale.name, () => {
  it('follows the reader’s choice, then the browser’s languages, then English', () => {
    expect(pageLocale('fr', 'en-GB,en;q=0.9')).toBe('fr');
    expect(pageLocale(undefined, 'fr-FR,fr;q=0.9,en;q=0.8')).toBe('fr');
    expect(pageLocale('xx', 'de-DE,en;q=0.5')).toBe('en');
    expect(pageLocale(undefined, undefined)).toBe('en');
  });
});

// A build shaped like the Angular builder's output: an entry point, ten hinted chunks at most, lazy routes.
const CHUNKS: Record<string, string> = {
  'main-A.js':
    'import{a}from"./chunk-B.js";import"./chunk-C.js";' +
    'const r=[{loadChildren:()=>import("./chunk-DASH.js").then(e=>e.dashboardRoutes)},' +
    '{loadChildren:()=>import("./chunk-COMM.js").then(e=>e.commitmentsRoutes)}];',
  'chunk-B.js': 'import{c}from"./chunk-CORE.js";',
  'chunk-C.js': 'export const x=1;',
  'chunk-CORE.js': 'export const c=1;',
  'chunk-DASH.js': 'import{c}from"./chunk-CORE.js";import{s}from"./chunk-SHARED.js";const d=()=>import("./chunk-CHART.js");',
  'chunk-SHARED.js': 'export const s=1;',
  'chunk-CHART.js': 'export const chart=1;',
  'chunk-COMM.js':
    'import{s}from"./chunk-SHARED.js";const r=[{loadComponent:()=>import("./chunk-DETAIL.js").then(m=>m.CommitmentDetailComponent)}];',
  'chunk-DETAIL.js': 'import{c}from"./chunk-CORE.js";',
};
const HTML =
  '<html><head><link rel="stylesheet" href="styles.css"></head><body>' +
  '<link rel="modulepreload" href="chunk-B.js"><script src="main-A.js" type="module"></script></body></html>';

describe(WebBuild.name, () => {
  const sut = () => new WebBuild(HTML, (file) => CHUNKS[file] ?? '', Object.keys(CHUNKS));

  it('hints every chunk the entry point imports statically, not the lazy ones', () => {
    expect(sut().html).toBe(
      '<html><head><link rel="stylesheet" href="styles.css">' +
        '<link rel="modulepreload" href="chunk-C.js"><link rel="modulepreload" href="chunk-CORE.js"></head><body>' +
        '<link rel="modulepreload" href="chunk-B.js"><script src="main-A.js" type="module"></script></body></html>',
    );
  });

  it('finds the chunks behind a lazy route, with what they import that is not loaded already', () => {
    expect(sut().lazyChunks(['dashboardRoutes'])).toEqual(['chunk-DASH.js', 'chunk-SHARED.js']);
    expect(sut().lazyChunks(['commitmentsRoutes', 'CommitmentDetailComponent'])).toEqual([
      'chunk-COMM.js',
      'chunk-DETAIL.js',
      'chunk-SHARED.js',
    ]);
    expect(sut().lazyChunks(['noSuchRoutes'])).toEqual([]);
  });
});

describe(indexHtml.name, () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'suivi-web-'));
    writeFileSync(join(dir, 'index.html'), HTML);
    for (const [file, source] of Object.entries(CHUNKS)) {
      writeFileSync(join(dir, file), source);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the page’s data, with the credentials mode of the app’s requests, and its code to the head', () => {
    const html = indexHtml(dir, { data: ['/i18n/en.json', '/api/dashboard'], code: ['dashboardRoutes'] });

    expect(html).toContain(
      '<link rel="modulepreload" href="chunk-CORE.js">' +
        '<link rel="preload" as="fetch" crossorigin href="/i18n/en.json">' +
        '<link rel="preload" as="fetch" crossorigin href="/api/dashboard">' +
        '<link rel="modulepreload" href="chunk-DASH.js"><link rel="modulepreload" href="chunk-SHARED.js"></head>',
    );
  });
});
