// F1: gzip sizes of the production build; F2/F3: Lighthouse on Debian's Chromium.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

import pg from 'pg';

import { median } from './proc.mjs';

const run = promisify(execFile);
const gz = (buf) => gzipSync(buf, { level: 9 }).byteLength;

/** Static imports (`import … from "./x.js"`, `import "./x.js"`) and dynamic ones (`import("./x.js")`) of a built chunk. */
export function importsOf(source) {
  const staticImports = [...source.matchAll(/(?:from|import)\s*["']\.\/([\w.-]+\.js)["']/g)].map((m) => m[1]);
  const dynamicImports = [...source.matchAll(/import\(\s*["']\.\/([\w.-]+\.js)["']\s*\)/g)].map((m) => m[1]);
  return { staticImports, dynamicImports };
}

function closure(dir, roots) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const file = stack.pop();
    if (seen.has(file)) {
      continue;
    }
    seen.add(file);
    stack.push(...importsOf(readFileSync(join(dir, file), 'utf8')).staticImports);
  }
  return seen;
}

/**
 * The initial set is what index.html loads (scripts, module preloads, stylesheets) and everything
 * they import statically; the dashboard's lazy chunk is the chunk whose source names the dashboard
 * route, with what it imports statically that is not already initial (what opening the route
 * fetches; the charts are a further dynamic import, loaded after the figures).
 */
export function frontEndSizes(webDist) {
  const dir = join(webDist, 'browser');
  if (!existsSync(join(dir, 'index.html'))) {
    return [{ id: 'F1', column: 'build', what: 'production build of the web app', met: false, summary: `no build in ${dir}` }];
  }
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="([\w.-]+\.(?:js|css))"/g)].map((m) => m[1]);
  const initial = closure(
    dir,
    referenced.filter((f) => f.endsWith('.js')),
  );
  for (const css of referenced.filter((f) => f.endsWith('.css'))) {
    initial.add(css);
  }
  const size = (files) =>
    [...files].reduce(
      (acc, f) => {
        const buf = readFileSync(join(dir, f));
        return { raw: acc.raw + buf.byteLength, gzip: acc.gzip + gz(buf) };
      },
      { raw: 0, gzip: 0 },
    );
  const init = size(initial);
  // The lazy chunk of the '' route: the dynamic import target that holds the dashboard page.
  const chunks = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const dashboardChunk = chunks.find(
    (f) => !initial.has(f) && /suivi-dashboard-page|dashboard\.title/.test(readFileSync(join(dir, f), 'utf8')),
  );
  const entries = [
    {
      id: 'F1',
      column: 'build',
      what: `initial JavaScript + CSS of the production build (${initial.size} files: index.html's scripts, preloads and stylesheet, and their static imports), gzip -9`,
      target: '≤ 150 KB gzip',
      app: { gzipBytes: init.gzip, rawBytes: init.raw, files: [...initial].sort() },
      met: init.gzip <= 150 * 1024,
      summary: `${(init.gzip / 1024).toFixed(1)} KB gzip (${(init.raw / 1024).toFixed(1)} KB raw)`,
    },
  ];
  if (dashboardChunk) {
    const lazy = new Set([...closure(dir, [dashboardChunk])].filter((f) => !initial.has(f)));
    const l = size(lazy);
    const chartChunks = importsOf(readFileSync(join(dir, dashboardChunk), 'utf8')).dynamicImports;
    entries.push({
      id: 'F1-dashboard',
      column: 'build',
      what: `dashboard route's lazy chunk ${dashboardChunk} with its static imports not already initial (${lazy.size} files); charts (${chartChunks.length} dynamic imports) load after the figures`,
      target: '≤ 60 KB gzip',
      app: {
        gzipBytes: l.gzip,
        rawBytes: l.raw,
        files: [...lazy].sort(),
        chartsGzipBytes: size(new Set(chartChunks.flatMap((c) => [...closure(dir, [c])]).filter((f) => !initial.has(f) && !lazy.has(f))))
          .gzip,
      },
      met: l.gzip <= 60 * 1024,
      summary: `${(l.gzip / 1024).toFixed(1)} KB gzip (${(l.raw / 1024).toFixed(1)} KB raw)`,
    });
  } else {
    entries.push({
      id: 'F1-dashboard',
      column: 'build',
      what: 'dashboard lazy chunk',
      met: false,
      summary: 'no chunk holds the dashboard page',
    });
  }
  return entries;
}

async function lighthouseRun(url, { throttling, chromePath, outFile }) {
  const bin = join(process.cwd(), 'node_modules/.bin/lighthouse');
  const flags = [
    url,
    '--quiet',
    '--output=json',
    `--output-path=${outFile}`,
    '--only-categories=performance,accessibility',
    `--chrome-path=${chromePath}`,
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --disable-background-networking',
    '--form-factor=mobile',
    ...(throttling
      ? [
          '--throttling-method=simulate',
          `--throttling.rttMs=${throttling.rttMs}`,
          `--throttling.throughputKbps=${throttling.throughputKbps}`,
          `--throttling.uploadThroughputKbps=${throttling.uploadThroughputKbps}`,
          `--throttling.cpuSlowdownMultiplier=${throttling.cpuSlowdownMultiplier}`,
        ]
      : []),
  ];
  await run('taskset', ['-c', '1', process.execPath, bin, ...flags], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CHROME_PATH: chromePath },
  });
  const report = JSON.parse(readFileSync(outFile, 'utf8'));
  return {
    performance: Math.round(report.categories.performance.score * 100),
    accessibility: Math.round(report.categories.accessibility.score * 100),
    lcpMs: report.audits['largest-contentful-paint'].numericValue,
    cls: report.audits['cumulative-layout-shift'].numericValue,
    fcpMs: report.audits['first-contentful-paint'].numericValue,
    tbtMs: report.audits['total-blocking-time'].numericValue,
    transferBytes: report.audits['total-byte-weight']?.numericValue,
    runtimeError: report.runtimeError?.message,
  };
}

/** F2 (mobile preset, dashboard and a commitment page) and F3 (dashboard, custom slow network). */
export async function lighthouse({ opts, startApp, record, log, results, PORTS, WORK, wants }) {
  const chromePath = '/usr/bin/chromium';
  if (!existsSync(chromePath)) {
    results.skipped.push({ id: 'F2/F3', reason: `${chromePath} is missing (apt-get install -y chromium)` });
    return;
  }
  const db = new pg.Client({ connectionString: `${opts.pgUrl}/${opts.dbName}` });
  await db.connect();
  // A typical commitment: as many reports as the mean, the most recently reported of those.
  const { rows } = await db.query(
    `SELECT c.id FROM commitments c JOIN progress_reports p ON p.commitment_id = c.id
      GROUP BY c.id HAVING count(*) BETWEEN 8 AND 12 ORDER BY max(p.created_at) DESC LIMIT 1`,
  );
  await db.end();
  const app = await startApp('postgres', { name: 'lighthouse-api' });
  const base = `http://127.0.0.1:${PORTS.app}`;
  const summarise = (runs) => ({
    performance: median(runs.map((r) => r.performance)),
    accessibility: median(runs.map((r) => r.accessibility)),
    lcpMs: median(runs.map((r) => r.lcpMs)),
    cls: median(runs.map((r) => r.cls)),
    fcpMs: median(runs.map((r) => r.fcpMs)),
    tbtMs: median(runs.map((r) => r.tbtMs)),
    transferBytes: median(runs.map((r) => r.transferBytes)),
    runs,
  });
  try {
    const pages = [
      ['dashboard', `${base}/`],
      ['commitment', `${base}/commitments/${rows[0].id}`],
    ];
    if (wants('F2')) {
      for (const [name, url] of pages) {
        const runs = [];
        for (let i = 0; i < opts.runs; i++) {
          log(`F2 Lighthouse ${name} run ${i + 1}`);
          runs.push(await lighthouseRun(url, { chromePath, outFile: join(WORK, `lighthouse-${name}-${i}.json`) }));
        }
        const s = summarise(runs);
        record({
          id: `F2-${name}`,
          column: 'postgres',
          what: `Lighthouse 12.2.3, mobile preset (simulated slow 4G, 4× CPU), ${name} page on Debian Chromium`,
          target: 'performance ≥ 90, accessibility ≥ 95, LCP ≤ 2.5 s, CLS ≤ 0.1',
          app: s,
          met: s.performance >= 90 && s.accessibility >= 95 && s.lcpMs <= 2500 && s.cls <= 0.1,
          summary: `performance ${s.performance}, accessibility ${s.accessibility}, LCP ${(s.lcpMs / 1000).toFixed(2)} s, CLS ${s.cls.toFixed(3)}, ${Math.round(s.transferBytes / 1024)} KB transferred`,
        });
      }
    }
    if (wants('F3')) {
      const throttling = { rttMs: 100, throughputKbps: 750, uploadThroughputKbps: 250, cpuSlowdownMultiplier: 4 };
      const runs = [];
      for (let i = 0; i < opts.runs; i++) {
        log(`F3 Lighthouse dashboard, custom throttling, run ${i + 1}`);
        runs.push(await lighthouseRun(`${base}/`, { chromePath, throttling, outFile: join(WORK, `lighthouse-f3-${i}.json`) }));
      }
      const s = summarise(runs);
      record({
        id: 'F3',
        column: 'postgres',
        what: 'Lighthouse, dashboard, custom throttling 750 kbit/s down, 250 kbit/s up, 100 ms RTT, 4× CPU (simulated)',
        target: 'LCP ≤ 4 s',
        app: s,
        met: s.lcpMs <= 4000,
        summary: `LCP ${(s.lcpMs / 1000).toFixed(2)} s, performance ${s.performance}, ${Math.round(s.transferBytes / 1024)} KB transferred`,
      });
    }
  } finally {
    await app.stop();
  }
}
