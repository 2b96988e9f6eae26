// `npm run test:tools`: the folder-cycle check that `npm run lint` runs, on fixture trees.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { check, KNOWN } from './folder-cycles.mjs';

function tree(files) {
  const root = mkdtempSync(join(tmpdir(), 'folder-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('passes a tree whose folders only import downwards', () => {
  const root = tree({
    'reports/reports.service.ts': "import { CommitmentsService } from '../commitments/commitments.service';\n",
    'commitments/commitments.service.ts': "import { sql } from '../common/sql';\n",
    'common/sql.ts': 'export const sql = 1;\n',
  });
  assert.deepEqual(check(root, new Map()), []);
});

test('fails on a cycle between folders, naming the imports that make it', () => {
  const root = tree({
    'reports/reports.service.ts': "import { CommitmentsService } from '../commitments/commitments.service';\n",
    'commitments/commitments.service.ts': "import { REPORT_COLUMNS } from '../reports/report-rows';\n",
    'reports/report-rows.ts': 'export const REPORT_COLUMNS = 1;\n',
    // Specs may import anything.
    'common/sql.spec.ts': "import '../reports/report-rows';\n",
  });
  const problems = check(root, new Map());
  assert.equal(problems.length, 1);
  assert.match(problems[0], /commitments ↔ reports/);
  assert.match(problems[0], /commitments → reports \(commitments\/commitments\.service\.ts\)/);
});

test('tolerates a listed cycle, and fails once it is gone so the list only shrinks', () => {
  const cyclic = tree({
    'auth/policy.ts': "import '../accounts/account-cache';\n",
    'accounts/account-cache.ts': "import '../auth/policy';\n",
  });
  const known = new Map([['accounts ↔ auth', 'to be broken']]);
  assert.deepEqual(check(cyclic, known), []);
  const fixed = tree({ 'auth/policy.ts': "import '../accounts/account-cache';\n", 'accounts/account-cache.ts': '' });
  assert.match(check(fixed, known)[0], /accounts ↔ auth is gone/);
});

test('the API itself has no folder cycle, and none is tolerated', () => {
  assert.equal(KNOWN.size, 0);
  assert.deepEqual(check(join(dirname(fileURLToPath(import.meta.url)), '../apps/api/src')), []);
});
