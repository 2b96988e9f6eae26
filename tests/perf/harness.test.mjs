// Smoke of the benchmark code paths (node --test, in npm test): no server, no timing, no database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { acceptance, beforeAfterEntry } from './lib/before-after.mjs';
import { logEntries } from './lib/chain.mjs';
import { insertColumns } from './generate.mjs';
import { importsOf } from './lib/front.mjs';
import { median, percentile } from './lib/proc.mjs';
import { renderMarkdown } from './lib/report.mjs';
import { chatBody, commitmentText, narrative, rng } from './lib/text.mjs';

describe('dataset text', () => {
  it('is deterministic for a seed and bilingual', () => {
    const a = commitmentText(rng(7));
    const b = commitmentText(rng(7));
    assert.deepEqual(a, b);
    assert.notEqual(a.title[0], a.title[1]);
    assert.ok(narrative(rng(3)).some((t) => t !== null));
    assert.ok(chatBody(rng(5)).length > 20);
  });
});

describe('insertColumns', () => {
  it('sends one statement per batch with one array parameter per column, casting text[] and jsonb', async () => {
    const calls = [];
    const client = { query: async (sql, params) => calls.push({ sql, params }) };
    const rows = Array.from({ length: 5 }, (_, i) => ({ id: `id-${i}`, tags: '{a,b}', data: '{}', n: i }));
    await insertColumns(client, 't', { id: 'uuid', tags: 'text[]', data: 'jsonb', n: 'int4' }, rows, 2);
    assert.equal(calls.length, 3);
    assert.match(
      calls[0].sql,
      /INSERT INTO t \(id, tags, data, n\)\s+SELECT c0, c1::text\[\], c2::jsonb, c3 FROM unnest\(\$1::uuid\[\], \$2::text\[\], \$3::text\[\], \$4::int4\[\]\)/,
    );
    assert.deepEqual(calls[0].params, [
      ['id-0', 'id-1'],
      ['{a,b}', '{a,b}'],
      ['{}', '{}'],
      [0, 1],
    ]);
    assert.deepEqual(calls[2].params[3], [4]);
  });
});

describe('harness helpers', () => {
  it("reads the API's JSON log lines with a given message (V1, E1)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'suivi-perf-smoke-'));
    try {
      const file = join(dir, 'api.log');
      writeFileSync(
        file,
        [
          '{"level":30,"msg":"request completed","url":"/api/export.json?msg=open data export generated"}',
          'not JSON: open data export generated',
          '{"level":30,"bytes":123,"ms":45,"headSeq":7,"msg":"open data export generated"}',
          '{"level":30,"count":680,"ms":8900,"msg":"full verification of the audit chain passed"}',
        ].join('\n'),
      );
      assert.deepEqual(
        logEntries(file, 'open data export generated').map((e) => [e.bytes, e.ms]),
        [[123, 45]],
      );
      assert.equal(logEntries(file, 'full verification of the audit chain passed')[0].count, 680);
      assert.deepEqual(logEntries(join(dir, 'missing.log'), 'x'), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes medians and percentiles', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
    assert.equal(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 99), 10);
  });

  it('reads the static and dynamic imports of a built chunk', () => {
    const { staticImports, dynamicImports } = importsOf(
      'import{a as b}from"./chunk-AB12.js";import"./chunk-CD34.js";const x=()=>import("./chunk-EF56.js");',
    );
    assert.deepEqual(staticImports, ['chunk-AB12.js', 'chunk-CD34.js']);
    assert.deepEqual(dynamicImports, ['chunk-EF56.js']);
  });

  it('renders the results table with ratios and skipped benchmarks', () => {
    const md = renderMarkdown({
      startedAt: 'now',
      machine: { cpus: 2, cpu: 'cpu', node: 'v20' },
      protocol: 'p',
      options: { runs: 3, duration: 10 },
      datasets: {},
      benchmarks: [
        {
          id: 'R1',
          column: 'postgres',
          app: { rps: 500, p99: 9 },
          reference: { rps: 1000, p99: 2 },
          ratio: 0.5,
          met: false,
          target: 't',
          what: 'w',
          summary: 's',
        },
      ],
      skipped: [{ id: 'W2', reason: 'no route' }],
    });
    assert.match(md, /\| R1 \| postgres \| 500 req\/s, p99 9 ms \| 1000 req\/s, p99 2 ms \| 0\.50 \| t \| \*\*no\*\* \|/);
    assert.match(md, /W2 .*skipped: no route/);
  });
});

describe('before/after (--before)', () => {
  const build = (throughput, p99, unexpected = 0) => ({ throughput, p50: p99 / 3, p99, unexpected, runs: [{ throughput, p99 }] });

  it('judges after/before throughput ≥ 0.9 and p99 ≤ 1.1×, and R4 against its reference', () => {
    const ok = beforeAfterEntry({ id: 'W3', column: 'postgres', what: 'w', unit: 'msg/s', before: build(100, 20), after: build(91, 22) });
    assert.equal(ok.met, true);
    assert.ok(Math.abs(ok.throughputRatio - 0.91) < 1e-9);
    assert.ok(Math.abs(ok.p99Ratio - 1.1) < 1e-9);
    assert.equal(beforeAfterEntry({ id: 'W3', unit: 'msg/s', before: build(100, 20), after: build(89, 20) }).met, false);
    assert.equal(beforeAfterEntry({ id: 'W3', unit: 'msg/s', before: build(100, 20), after: build(100, 22.5) }).met, false);
    // W2 has no throughput: its p99 alone decides.
    const w2 = beforeAfterEntry({ id: 'W2', before: build(null, 10), after: build(null, 10.5) });
    assert.equal(w2.throughputRatio, null);
    assert.equal(w2.met, true);
    // R4 keeps ≥ 0.7 of its bare reference on top of the before/after ratios.
    assert.equal(
      beforeAfterEntry({ id: 'R4', unit: 'req/s', before: build(1000, 50), after: build(1000, 50), referenceRatio: 0.69 }).met,
      false,
    );
    assert.equal(
      beforeAfterEntry({ id: 'R4', unit: 'req/s', before: build(1000, 50), after: build(1000, 50), referenceRatio: 1.3 }).met,
      true,
    );
    // Errors: the after build's miss the criterion; the before build's leave no baseline.
    assert.equal(beforeAfterEntry({ id: 'R4', unit: 'req/s', before: build(1, 5), after: build(1, 5, 3), referenceRatio: 1 }).met, false);
    assert.equal(beforeAfterEntry({ id: 'R4', unit: 'req/s', before: build(1, 5, 3), after: build(1, 5), referenceRatio: 1 }).met, null);
  });

  it('accepts only when W2, W3 and R4 were each measured and met', () => {
    const e = (id, met) => ({ id, met });
    assert.equal(acceptance([e('W2', true), e('W3', true), e('R4', true)]).met, true);
    assert.equal(acceptance([e('W2', true), e('W3', false), e('R4', true)]).met, false);
    assert.deepEqual(acceptance([e('W2', true), e('R4', true)]), {
      ids: ['W2', 'W3', 'R4'],
      met: null,
      missing: ['W3'],
      failed: [],
      undecided: [],
    });
  });

  it('renders its own section of the report', () => {
    const benchmarks = [
      beforeAfterEntry({
        id: 'R4',
        column: 'postgres',
        what: 'dashboard',
        unit: 'req/s',
        before: build(1000, 40),
        after: build(950, 42),
        referenceRatio: 1.31,
      }),
      beforeAfterEntry({ id: 'W2', column: 'postgres', what: 'fan-out', before: build(null, 12), after: build(null, 14) }),
    ];
    const md = renderMarkdown({
      startedAt: 'now',
      machine: { cpus: 2, cpu: 'cpu', node: 'v20' },
      protocol: 'p',
      options: { runs: 3, duration: 10 },
      datasets: {},
      benchmarks: [],
      skipped: [],
      beforeAfter: {
        before: { dir: '/work/bench-before/dist', commit: 'c864104694a985bbb5fd980acfe90c2e2e6efb7c' },
        after: { dir: '/repo/dist', commit: 'abcdef0123456789', dirty: true },
        protocol: 'interleaved',
        criterion: 'c',
        benchmarks,
        notes: ['W5: measured for the after build only.'],
        acceptance: acceptance(benchmarks),
      },
    });
    assert.match(md, /## Before \/ after/);
    assert.match(
      md,
      /Before: `\/work\/bench-before\/dist` \(commit c864104694a9\)\. After: `\/repo\/dist` \(commit abcdef012345, with uncommitted changes\)/,
    );
    assert.match(
      md,
      /\| R4 \| 1000 req\/s, p50 13 ms, p99 40 ms \| 950 req\/s, p50 14 ms, p99 42 ms \| 0\.95 \| 1\.05 \| 1\.31 \(≥ 0\.7\) \| yes \|/,
    );
    assert.match(md, /\| W2 \| p50 4\.0 ms, p99 12 ms \| p50 4\.7 ms, p99 14 ms \| – \| 1\.17 \| – \| \*\*no\*\* \|/);
    assert.match(md, /Acceptance \(W2, W3, R4\): \*\*not met\*\* \(missed: W2; not measured: W3\)\./);
    assert.match(md, /- W5: measured for the after build only\./);
  });
});
