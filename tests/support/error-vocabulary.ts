// The test suites' check of the error vocabulary (issue 19): every 4xx body the API answered
// during a suite — in process, in spawned processes, behind the browser — carries a code from
// libs/contracts with its params, and a 400's problems each a known code on a field. The API
// appends each body to ERROR_BODIES_DIR (apps/api/src/common/error-bodies.ts); the suite's jest
// config names the directory, `setup` empties it, `teardown` reads it and fails the run.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

// By path, not '@suivi/contracts': jest's global setup and teardown do not go through moduleNameMapper.
import { vocabularyFault } from '../../libs/contracts/src/lib/errors';

export interface RecordedBody {
  status: number;
  method: string;
  route: string;
  body: string;
}

export function errorBodiesDir(): string {
  const dir = process.env['ERROR_BODIES_DIR'];
  if (!dir) {
    throw new Error('ERROR_BODIES_DIR is not set: the jest config names it');
  }
  return dir;
}

export function recordedBodies(dir = errorBodiesDir()): RecordedBody[] {
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith('.jsonl'))
    .flatMap((name) =>
      readFileSync(join(dir, name), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as RecordedBody),
    );
}

/** Each recorded body that breaks the vocabulary, once per route, status and fault. */
export function vocabularyFaults(bodies: RecordedBody[]): string[] {
  const faults = new Set<string>();
  for (const recorded of bodies) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(recorded.body);
    } catch {
      parsed = null;
    }
    const fault = vocabularyFault(recorded.status, parsed);
    if (fault) {
      faults.add(`${recorded.method} ${recorded.route} ${recorded.status}: ${fault} — ${recorded.body.slice(0, 300)}`);
    }
  }
  return [...faults];
}

export function setup(): void {
  const dir = errorBodiesDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

export function teardown(): void {
  const dir = errorBodiesDir();
  const bodies = recordedBodies(dir);
  const faults = vocabularyFaults(bodies);
  rmSync(dir, { recursive: true, force: true });
  if (faults.length) {
    throw new Error(`${faults.length} error answer(s) outside the error vocabulary (libs/contracts errors.ts):\n${faults.join('\n')}`);
  }
  process.stdout.write(`\nError vocabulary: ${bodies.length} 4xx bodies checked, all with a known code.\n`);
}
