// V1 and E1: the accountability record's full verification and the open data export, measured
// through the API as it runs them (a checkpoint request waits for a full verification, then
// starts an export generation in the background), with the list (R2) measured around them.
import { spawn } from 'node:child_process';
import { existsSync, openSync, readFileSync, readSync, closeSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';

import { BENCH_EMAILS, BENCH_PASSWORD } from '../generate.mjs';
import { load } from './load.mjs';
import { median, rssBytes, sleep } from './proc.mjs';

/** The 1-minute load average, to one decimal: written beside every figure (the machine is shared). */
export const load1 = () => Math.round(loadavg()[0] * 10) / 10;

const MB = 2 ** 20;
const mb = (bytes) => (bytes / MB).toFixed(1);
const s = (ms) => (ms / 1000).toFixed(1);

/** The API's JSON log lines (pino) whose msg is `msg`, parsed, in order. */
export function logEntries(file, msg) {
  if (!existsSync(file)) {
    return [];
  }
  const found = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.includes(msg)) {
      continue;
    }
    try {
      const entry = JSON.parse(line);
      if (entry.msg === msg) {
        found.push(entry);
      }
    } catch {
      // not a JSON line
    }
  }
  return found;
}

/**
 * Follows an API log for some messages, reading only what was appended since the last look (the
 * request log grows by thousands of lines a second under load: re-reading it would load the
 * harness's core).
 */
function logWatcher(file, msgs) {
  let offset = 0;
  let partial = '';
  const seen = new Map(msgs.map((m) => [m, []]));
  const poll = () => {
    if (!existsSync(file)) {
      return;
    }
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(1 << 20);
      for (;;) {
        const n = readSync(fd, buf, 0, buf.length, offset);
        if (!n) {
          break;
        }
        offset += n;
        const lines = (partial + buf.subarray(0, n).toString('utf8')).split('\n');
        partial = lines.pop();
        for (const line of lines) {
          for (const [msg, found] of seen) {
            if (line.includes(msg)) {
              try {
                const entry = JSON.parse(line);
                if (entry.msg === msg) {
                  found.push(entry);
                }
              } catch {
                // not a JSON line
              }
            }
          }
        }
      }
    } finally {
      closeSync(fd);
    }
  };
  return {
    count(msg) {
      poll();
      return seen.get(msg).length;
    },
    /** The `index`th (0-based) line with `msg`; throws on `failMsg`, if `proc` exits, or after `timeoutMs`. */
    async wait(msg, index, { failMsg = null, timeoutMs = 30 * 60_000, proc = null } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        poll();
        if (seen.get(msg).length > index) {
          return seen.get(msg)[index];
        }
        if (failMsg && seen.get(failMsg).length) {
          throw new Error(`the API logged "${failMsg}" (see ${file})`);
        }
        if (proc && (proc.child.exitCode !== null || proc.child.signalCode !== null)) {
          throw new Error(`${proc.name} exited while waiting for "${msg}":\n${proc.output.slice(-3000)}`);
        }
        await sleep(250);
      }
      throw new Error(`no "${msg}" in ${file} within ${timeoutMs} ms`);
    },
  };
}

/** Samples a process's VmRSS every `everyMs` (default 100 ms) until stop(): its peak, first and last. */
export function rssSampler(pid, everyMs = 100) {
  const first = rssBytes(pid);
  let peak = first;
  let last = first;
  let samples = 1;
  const timer = setInterval(() => {
    try {
      last = rssBytes(pid);
      peak = Math.max(peak, last);
      samples++;
    } catch {
      // the process is gone
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { first, peak, last, samples };
    },
  };
}

/**
 * One download with curl (its own process, on the harness's core: the harness's event loop
 * reading the body would delay the load generator's): total time, bytes, status, first bytes.
 */
export function curlDownload(url, { keepFile = null } = {}) {
  return new Promise((resolve, reject) => {
    const args = ['-s', '-o', keepFile ?? '/dev/null', '-w', '%{http_code} %{size_download} %{time_total} %{time_starttransfer}', url];
    const child = spawn('curl', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`curl ${url} exited with ${code}`));
        return;
      }
      const [status, bytes, total, firstByte] = out.trim().split(' ').map(Number);
      let head = null;
      if (keepFile) {
        const fd = openSync(keepFile, 'r');
        const buf = Buffer.alloc(200);
        const n = readSync(fd, buf, 0, 200, 0);
        closeSync(fd);
        head = buf.subarray(0, n).toString('utf8');
      }
      resolve({ status, bytes, ms: Math.round(total * 1000), firstByteMs: Math.round(firstByte * 1000), head });
    });
  });
}

async function signIn(base, email) {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: BENCH_PASSWORD }),
  });
  if (!res.ok) {
    throw new Error(`bench sign-in as ${email} failed: ${res.status} ${await res.text()}`);
  }
  return (await res.json()).accessToken;
}

/** Waits until the served export covers the chain's head (the start's background export done). */
async function exportCoversHead(base, timeoutMs = 30 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const verify = await fetch(`${base}/api/audit/verify`);
    const { count } = await verify.json();
    const res = await fetch(`${base}/api/export.json`);
    await res.body?.cancel();
    if (res.status === 200 && Number(res.headers.get('x-suivi-export-head')) >= count) {
      return;
    }
    await sleep(500);
  }
  throw new Error(`the open data export did not cover the head within ${timeoutMs} ms`);
}

const VERIFIED = 'full verification of the audit chain passed';
const VERIFY_FAILED = 'full verification of the audit chain FAILED';
const EXPORTED = 'open data export generated';
const EXPORT_FAILED = 'the open data export failed to generate';

/**
 * V1 and E1 on one column: one API process (this build), then, with --before on PostgreSQL, the
 * before build's per-request export. `threads`: ten public threads W3's writers post to.
 */
export async function chainBenchmarks({
  column,
  opts,
  startApp,
  startBefore = null,
  record,
  log,
  results,
  PORTS,
  WORK,
  wants,
  threads,
  R2_PATH,
}) {
  const base = `http://127.0.0.1:${PORTS.app}`;
  const logFile = join(WORK, `chain-${column}.log`);
  const watch = logWatcher(logFile, [VERIFIED, VERIFY_FAILED, EXPORTED, EXPORT_FAILED]);
  // No background verification or export of the API's own timers inside a measurement: the
  // measurements start both themselves (a checkpoint runs one, then the other).
  const quietTimers = { FULL_VERIFY_EVERY: '2000000', EXPORT_EVERY: '2000000' };
  const startedAt = Date.now();
  const startLoad = load1();
  const app = await startApp(column, { name: 'chain', env: quietTimers });
  const warmStartMs = Date.now() - startedAt;
  try {
    log(`[${column}] V1/E1: API up in ${s(warmStartMs)} s (load ${startLoad}); waiting for its start-up export`);
    await exportCoversHead(base);
    const token = await signIn(base, BENCH_EMAILS.secretariat);
    const r2 = { url: `${base}${R2_PATH}`, connections: 32 };

    /** POST /api/audit/checkpoints: the request's time, the API's verification, and a promise of the export it starts. */
    const checkpoint = async () => {
      const nVerified = watch.count(VERIFIED);
      const nExported = watch.count(EXPORTED);
      const load = load1();
      const t0 = performance.now();
      const res = await fetch(`${base}/api/audit/checkpoints`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      const body = await res.text();
      const requestMs = Math.round(performance.now() - t0);
      if (!res.ok) {
        throw new Error(`POST /api/audit/checkpoints answered ${res.status}: ${body}`);
      }
      const verified = await watch.wait(VERIFIED, nVerified, { failMsg: VERIFY_FAILED, proc: app });
      return {
        requestMs,
        verifyMs: verified.ms,
        events: verified.count,
        load,
        exported: () => watch.wait(EXPORTED, nExported, { failMsg: EXPORT_FAILED, proc: app }),
      };
    };

    // 1. Checkpoints with nothing else running: the full verification's time, then the export's
    //    generation (time, size), the API's RSS sampled every 100 ms throughout.
    const idle = [];
    for (let i = 0; i < opts.runs; i++) {
      const rss = rssSampler(app.pid);
      const cp = await checkpoint();
      const rssVerify = { peak: rss.stop().peak };
      const rss2 = rssSampler(app.pid);
      const exportLoad = load1();
      const exported = await cp.exported();
      const rssExport = rss2.stop();
      const run = {
        requestMs: cp.requestMs,
        verifyMs: cp.verifyMs,
        events: cp.events,
        verifyLoad: cp.load,
        verifyPeakRss: rssVerify.peak,
        exportMs: exported.ms,
        exportBytes: exported.bytes,
        exportHead: exported.headSeq,
        exportLoad,
        rssBeforeExport: rssExport.first,
        exportPeakRss: rssExport.peak,
        rssAfterExport: rssExport.last,
      };
      idle.push(run);
      log(
        `[${column}] checkpoint ${i + 1}: request ${cp.requestMs} ms, full verification ${cp.verifyMs} ms of ${cp.events} events (load ${cp.load}); ` +
          `export ${mb(exported.bytes)} MB in ${exported.ms} ms, RSS ${mb(rssExport.first)} → peak ${mb(rssExport.peak)} MB (load ${exportLoad})`,
      );
    }

    if (wants('V1')) {
      // 2. R2 while a full verification runs (the run stops when the checkpoint answers), and R2
      //    for as long without one; in turn, after the export that checkpoint starts is done.
      await load({ ...r2, duration: Math.min(2, opts.duration) });
      const withRuns = [];
      const withoutRuns = [];
      for (let i = 0; i < opts.runs; i++) {
        const measureWith = async () => {
          const l = load1();
          const cp = checkpoint();
          const t0 = performance.now();
          const m = await load({ ...r2, until: cp });
          const ms = performance.now() - t0;
          const done = await cp;
          await done.exported();
          withRuns.push({ ...m, seconds: ms / 1000, verifyMs: done.verifyMs, load: l });
          return ms / 1000;
        };
        const measureWithout = async (seconds) => {
          const l = load1();
          const m = await load({ ...r2, duration: Math.max(1, Math.round(seconds)) });
          withoutRuns.push({ ...m, seconds: Math.max(1, Math.round(seconds)), load: l });
        };
        if (i % 2 === 0) {
          await measureWithout(withRuns.at(-1)?.seconds ?? Math.max(1, idle[0].requestMs / 1000));
          await measureWith();
        } else {
          const seconds = await measureWith();
          await measureWithout(seconds);
        }
        const w = withRuns.at(-1);
        const wo = withoutRuns.at(-1);
        log(
          `[${column}] R2 during a full verification (${w.seconds.toFixed(1)} s, verification ${w.verifyMs} ms): p99 ${w.p99} ms, ${Math.round(w.rps)} req/s (load ${w.load}); ` +
            `without: p99 ${wo.p99} ms, ${Math.round(wo.rps)} req/s (load ${wo.load})`,
        );
      }
      const first = results.firstStart?.[column] ?? null;
      const verifyMs = median(idle.map((r) => r.verifyMs));
      const requestMs = median(idle.map((r) => r.requestMs));
      const p99With = median(withRuns.map((r) => r.p99));
      const p99Without = median(withoutRuns.map((r) => r.p99));
      const loads = [...idle.map((r) => r.verifyLoad), ...withRuns.map((r) => r.load), ...withoutRuns.map((r) => r.load)];
      record({
        id: 'V1',
        column,
        what:
          'the accountability record: the first start after a fresh dataset (until /api/health answers: the record.baseline events binding the bulk rows, then the first checkpoint and its full verification), ' +
          `a full verification at the dataset's scale (POST /api/audit/checkpoints as the secretariat, nothing else running; the API's own ms), and GET ${R2_PATH} (32 connections) while a full verification runs vs as long without one`,
        target: '(informative)',
        app: {
          firstStart: first,
          // This start's time, when it was not the first (which binds the rows): a warm start.
          warmStartMs: first?.process === 'chain' ? null : warmStartMs,
          verification: { requestMs, verifyMs, events: idle[0].events, runs: idle },
          r2: {
            withVerification: { p99: p99With, rps: median(withRuns.map((r) => r.rps)), runs: withRuns },
            without: { p99: p99Without, rps: median(withoutRuns.map((r) => r.rps)), runs: withoutRuns },
          },
          load1: { min: Math.min(...loads), max: Math.max(...loads) },
        },
        ratio: p99With / Math.max(1, p99Without),
        met: null,
        summary:
          (first
            ? `first start ${s(first.ms)} s (${first.records ?? '?'} records bound by record.baseline, then the first full verification ${first.verifyMs ?? '?'} ms; load ${first.load1}), `
            : 'first start not measured (the dataset was bound by an earlier run: --fresh measures it), ') +
          (first?.process === 'chain' ? '' : `warm start ${s(warmStartMs)} s; `) +
          `full verification of ${idle[0].events} events ${s(verifyMs)} s (checkpoint request ${s(requestMs)} s); ` +
          `R2 p99 ${p99With} ms during one vs ${p99Without} ms without (${Math.round(median(withRuns.map((r) => r.rps)))} vs ${Math.round(median(withoutRuns.map((r) => r.rps)))} req/s); ` +
          `load average ${Math.min(...loads)}–${Math.max(...loads)}`,
      });
    }

    if (wants('E1')) {
      // 3. Four parallel downloads of the export (curl, looping) and R2, while W3's writers post
      //    (10 connections round the ten threads, no subscribers), vs the writers and R2 alone.
      const body = JSON.stringify({
        body: `bench ingest ${'Le débat radio sur le trafic a été très suivi à Gao. '.repeat(4)}`.slice(0, 300),
      });
      const member = await signIn(base, BENCH_EMAILS.member);
      const writers = {
        url: base,
        connections: 10,
        requests: threads.map((id) => ({
          method: 'POST',
          path: `/api/threads/${id}/messages`,
          body,
          headers: { authorization: `Bearer ${member}`, 'content-type': 'application/json' },
        })),
        expectStatus: 201,
      };
      const round = async (downloads) => {
        const l = load1();
        let stopWriters;
        const writersDone = new Promise((r) => (stopWriters = r));
        const writing = load({ ...writers, until: writersDone });
        await sleep(1000);
        const rss = rssSampler(app.pid);
        let running = true;
        const got = [];
        const loops = Array.from({ length: downloads }, async () => {
          while (running) {
            got.push(await curlDownload(`${base}/api/export.json`));
          }
        });
        const m = await load({ ...r2, duration: opts.duration });
        running = false;
        await Promise.all(loops);
        const mem = rss.stop();
        stopWriters();
        const w = await writing;
        const bad = got.filter((d) => d.status !== 200).length;
        return {
          r2: m,
          writers: { rps: w.rps, p99: w.p99, unexpected: w.unexpected },
          downloads: got.length,
          downloadMs: got.length ? median(got.map((d) => d.ms)) : null,
          downloadBytes: got[0]?.bytes ?? null,
          unexpectedDownloads: bad,
          peakRss: mem.peak,
          rssBefore: mem.first,
          load: l,
        };
      };
      await load({ ...r2, duration: Math.min(2, opts.duration) });
      const withRuns = [];
      const withoutRuns = [];
      for (let i = 0; i < opts.runs; i++) {
        if (i % 2 === 0) {
          withoutRuns.push(await round(0));
          withRuns.push(await round(4));
        } else {
          withRuns.push(await round(4));
          withoutRuns.push(await round(0));
        }
        const w = withRuns.at(-1);
        const wo = withoutRuns.at(-1);
        log(
          `[${column}] R2 with writers and 4 export downloads: p99 ${w.r2.p99} ms, ${Math.round(w.r2.rps)} req/s, ${w.downloads} downloads (median ${w.downloadMs} ms, ${mb(w.downloadBytes ?? 0)} MB), writers ${Math.round(w.writers.rps)} req/s, RSS peak ${mb(w.peakRss)} MB (load ${w.load}); ` +
            `writers alone: p99 ${wo.r2.p99} ms, ${Math.round(wo.r2.rps)} req/s, writers ${Math.round(wo.writers.rps)} req/s, RSS peak ${mb(wo.peakRss)} MB (load ${wo.load})`,
        );
      }
      const gen = {
        ms: median(idle.map((r) => r.exportMs)),
        bytes: idle.at(-1).exportBytes,
        peakRss: Math.max(...idle.map((r) => r.exportPeakRss)),
        rssBefore: median(idle.map((r) => r.rssBeforeExport)),
      };
      const p99With = median(withRuns.map((r) => r.r2.p99));
      const p99Without = median(withoutRuns.map((r) => r.r2.p99));
      const loads = [...idle.map((r) => r.exportLoad), ...withRuns.map((r) => r.load), ...withoutRuns.map((r) => r.load)];
      record({
        id: 'E1',
        column,
        what:
          "the open data export (suivi-open-data/2): its generation after a checkpoint (the API's own ms and bytes; VmRSS of the API sampled every 100 ms), " +
          `then four parallel downloads of GET /api/export.json (curl, looping) with GET ${R2_PATH} (32 connections) while W3's writers post (10 connections, no subscribers), vs the writers and R2 alone`,
        target: '(informative)',
        app: {
          generation: { ...gen, runs: idle },
          downloads: {
            withDownloads: { p99: p99With, runs: withRuns },
            without: { p99: p99Without, runs: withoutRuns },
            downloadMs: median(withRuns.map((r) => r.downloadMs)),
            downloadsPerRun: median(withRuns.map((r) => r.downloads)),
            peakRss: Math.max(...withRuns.map((r) => r.peakRss)),
          },
          load1: { min: Math.min(...loads), max: Math.max(...loads) },
        },
        ratio: p99With / Math.max(1, p99Without),
        met: null,
        summary:
          `generation ${s(gen.ms)} s for ${mb(gen.bytes)} MB, API RSS ${mb(gen.rssBefore)} → peak ${mb(gen.peakRss)} MB; ` +
          `with writers posting, 4 parallel downloads (${median(withRuns.map((r) => r.downloads))} a run, median ${s(median(withRuns.map((r) => r.downloadMs)))} s each, RSS peak ${mb(Math.max(...withRuns.map((r) => r.peakRss)))} MB): ` +
          `R2 p99 ${p99With} ms vs ${p99Without} ms without downloads (${Math.round(median(withRuns.map((r) => r.r2.rps)))} vs ${Math.round(median(withoutRuns.map((r) => r.r2.rps)))} req/s; ` +
          `writers ${Math.round(median(withRuns.map((r) => r.writers.rps)))} vs ${Math.round(median(withoutRuns.map((r) => r.writers.rps)))} posts/s); load average ${Math.min(...loads)}–${Math.max(...loads)}`,
      });
    }
  } finally {
    await app.stop();
  }

  if (wants('E1') && startBefore && column === 'postgres') {
    await beforeExport({ column, opts, startBefore, record, log, PORTS, WORK });
  }
}

/** The before build's GET /api/export.json, built per request (format 1): time, size, peak RSS; then four at once. */
async function beforeExport({ column, opts, startBefore, record, log, PORTS, WORK }) {
  const url = `http://127.0.0.1:${PORTS.before}/api/export.json`;
  const before = await startBefore(column, { name: 'chain' });
  const file = join(WORK, 'export-before.json');
  try {
    await sleep(2000);
    const runs = [];
    for (let i = 0; i < opts.runs; i++) {
      const l = load1();
      const rss = rssSampler(before.pid);
      const d = await curlDownload(url, { keepFile: file });
      const mem = rss.stop();
      // A failure is a figure too: the old export, built by the request, may not finish at all.
      const format = d.status === 200 ? (/"format":"([^"]+)"/.exec(d.head ?? '')?.[1] ?? null) : null;
      const answer = d.status === 200 ? null : (d.head ?? '').slice(0, 200);
      runs.push({ ...d, head: undefined, format, answer, rssBefore: mem.first, peakRss: mem.peak, load: l });
      log(
        `[${column}] before build: GET /api/export.json ${d.status === 200 ? `(${format})` : `answered ${d.status}: ${answer}, after`} ${d.ms} ms (first byte ${d.firstByteMs} ms), ${mb(d.bytes)} MB, RSS ${mb(mem.first)} → peak ${mb(mem.peak)} MB (load ${l})`,
      );
    }
    const ok = runs.filter((r) => r.status === 200);
    rmSync(file, { force: true });
    const l = load1();
    const rss = rssSampler(before.pid);
    const t0 = performance.now();
    const four = await Promise.all(Array.from({ length: 4 }, () => curlDownload(url)));
    const fourMs = Math.round(performance.now() - t0);
    const fourMem = rss.stop();
    log(`[${column}] before build: four parallel GET /api/export.json in ${fourMs} ms, RSS peak ${mb(fourMem.peak)} MB (load ${l})`);
    const loads = [...runs.map((r) => r.load), l];
    const statuses = (list) => [...new Set(list.map((d) => d.status))].join(', ');
    record({
      id: 'E1-before',
      column,
      what: 'the before build (--before): GET /api/export.json built per request (ExportsService.openData, format 1) on the same database, one at a time, then four at once; VmRSS of its API sampled every 100 ms',
      target: '(informative)',
      app: {
        format: ok[0]?.format ?? null,
        ms: median(runs.map((r) => r.ms)),
        bytes: ok.at(-1)?.bytes ?? null,
        peakRss: Math.max(...runs.map((r) => r.peakRss)),
        rssBefore: median(runs.map((r) => r.rssBefore)),
        failed: runs.length - ok.length,
        runs,
        four: { ms: fourMs, peakRss: fourMem.peak, statuses: four.map((d) => d.status), load: l },
        load1: { min: Math.min(...loads), max: Math.max(...loads) },
      },
      met: null,
      summary:
        (ok.length === runs.length
          ? `${ok[0].format}: ${s(median(runs.map((r) => r.ms)))} s a request for ${mb(ok.at(-1).bytes)} MB`
          : `${runs.length - ok.length} of ${runs.length} requests failed (answered ${statuses(runs)}, median ${s(median(runs.map((r) => r.ms)))} s${ok.length ? `; ${ok[0].format}, ${mb(ok.at(-1).bytes)} MB` : ''})`) +
        `, RSS ${mb(median(runs.map((r) => r.rssBefore)))} → peak ${mb(Math.max(...runs.map((r) => r.peakRss)))} MB; ` +
        `four at once ${s(fourMs)} s (answered ${statuses(four)}), RSS peak ${mb(fourMem.peak)} MB; load average ${Math.min(...loads)}–${Math.max(...loads)}`,
    });
  } finally {
    await before.stop();
    rmSync(file, { force: true });
  }
}
