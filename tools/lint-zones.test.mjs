// `npm run test:tools`: the API's import zones (apps/api/eslint.config.mjs) as `npm run lint`
// applies them, on fixture text linted as if it stood at a path inside apps/api/src.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// The real configuration, minus type information: a fixture is not a file of the TypeScript
// project, and the zones read import paths only.
const eslint = new ESLint({
  cwd: join(root, 'apps/api'),
  overrideConfigFile: join(root, 'apps/api/eslint.config.mjs'),
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: null } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/switch-exhaustiveness-check': 'off',
      '@nx/enforce-module-boundaries': 'off',
    },
  },
});

/** The no-restricted-imports messages for `text` at `path` (below apps/api/src), one per import. */
async function zoneErrors(path, text) {
  const [result] = await eslint.lintText(text, { filePath: join(root, 'apps/api/src', path) });
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `the fixture at ${path} does not parse`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

test('the ground floor imports no feature folder', async () => {
  const errors = await zoneErrors(
    'audit/fixture.ts',
    "import { CommitmentsService } from '../commitments/commitments.service';\nexport const x = CommitmentsService;\n",
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0], /'\.\.\/commitments\/commitments\.service' import is restricted/);
  assert.match(errors[0], /The ground floor \(access, audit, .*\) imports no feature folder/);
});

test('the ground floor imports the ground floor', async () => {
  const text = [
    "import { Allow } from '../access/policy';",
    "import { SqlParams } from '../database/sql';",
    "import { DomainEvents } from '../events/domain-events';",
    'export const x = [Allow, SqlParams, DomainEvents];',
    '',
  ].join('\n');
  assert.deepEqual(await zoneErrors('idempotency/fixture.ts', text), []);
});

test('a feature reaches another feature only through its module, services and DTOs, never its SQL text', async () => {
  const errors = await zoneErrors(
    'dashboard/fixture.ts',
    [
      "import { REPORT_COLUMNS } from '../reports/report-rows';",
      "import { ReportsLive } from '../reports/reports.live';",
      "import { ReportsController } from '../reports/reports.controller';",
      'export const x = [REPORT_COLUMNS, ReportsLive, ReportsController];',
      '',
    ].join('\n'),
  );
  assert.equal(errors.length, 3);
  for (const [error, path] of errors.map((e, i) => [e, ['report-rows', 'reports.live', 'reports.controller'][i]])) {
    assert.match(error, new RegExp(`'\\.\\./reports/${path.replace('.', '\\.')}' import is restricted`));
    assert.match(error, /Another feature is reached only through its public files \(\*\.module, \*\.service, \*\.dto\)/);
  }
});

test('a feature imports the ground floor and the public files of other features', async () => {
  const text = [
    "import { AuditService } from '../audit/audit.service';",
    "import { SqlParams } from '../database/sql';",
    "import { reportsOf } from '../reports/reports.service';",
    "import { ReportsModule } from '../reports/reports.module';",
    "import { CreateReportDto } from '../reports/reports.dto';",
    "import { COMMITMENT_CSV_COLUMNS } from './exports.service';",
    'export const x = [AuditService, SqlParams, reportsOf, ReportsModule, CreateReportDto, COMMITMENT_CSV_COLUMNS];',
    '',
  ].join('\n');
  assert.deepEqual(await zoneErrors('exports/fixture.ts', text), []);
});

test('a file a folder deeper is held to the same zones', async () => {
  const errors = await zoneErrors(
    'evidence/testing/fixture.ts',
    "import { THREAD_COLUMNS } from '../../threads/thread-rows';\nimport { EVIDENCE_TYPES } from '../file-bytes';\nexport const x = [THREAD_COLUMNS, EVIDENCE_TYPES];\n",
  );
  assert.equal(errors.length, 1);
  assert.match(errors[0], /'\.\.\/\.\.\/threads\/thread-rows' import is restricted/);
});

test('nothing imports the application root', async () => {
  for (const path of ['audit/fixture.ts', 'commitments/fixture.ts']) {
    const errors = await zoneErrors(path, "import { AppModule } from '../app.module';\nexport const x = AppModule;\n");
    assert.equal(errors.length, 1, path);
    assert.match(errors[0], /Nothing imports the application root/);
  }
});

test('the API refuses with a DomainError and a code, never with an HTTP exception of its own', async () => {
  const [result] = await eslint.lintText(
    [
      "import { ConflictException, NotFoundException } from '@nestjs/common';",
      "import { DomainError } from '../common/domain-error';",
      "export const a = (): never => { throw new ConflictException('taken'); };",
      "export const b = (): Error => new NotFoundException('No commitment');",
      "export const c = (): never => { throw new DomainError('code_taken', 'taken', { code: 'R1' }); };",
      '',
    ].join('\n'),
    { filePath: join(root, 'apps/api/src/recommendations/fixture.ts') },
  );
  const banned = result.messages.filter((m) => m.ruleId === 'no-restricted-syntax');
  assert.deepEqual(
    banned.map((m) => m.line),
    [3, 4],
  );
  assert.match(banned[0].message, /Refuse with a DomainError and a code from libs\/contracts errors\.ts/);
});
