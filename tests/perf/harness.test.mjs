// Smoke of the benchmark code paths (node --test, in npm test): no server, no timing, no database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

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
