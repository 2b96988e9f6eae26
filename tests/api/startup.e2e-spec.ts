import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const MAIN = resolve(__dirname, '../../dist/apps/api/main.js');

function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string; ms: number }> {
  return new Promise((done) => {
    const began = Date.now();
    const child = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env['PATH'] ?? '', DATA_DIR: mkdtempSync(join(tmpdir(), 'suivi-start-')), LOG_LEVEL: 'silent', ...env },
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stderr, ms: Date.now() - began });
    });
  });
}

describe('start-up configuration errors (built API)', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) {
      throw new Error(`${MAIN} is missing: build the API first (npx nx build api)`);
    }
  });

  it.each([
    [
      'an unreachable DATABASE_URL',
      { DATABASE_URL: 'postgres://suivi@127.0.0.1:1/suivi' },
      /^DATABASE_URL: cannot connect to 127\.0\.0\.1:1\/suivi/,
    ],
    ['a malformed DATABASE_URL', { DATABASE_URL: 'not a url' }, /^DATABASE_URL: is not a valid URL/],
    ['production without DATABASE_URL', { NODE_ENV: 'production' }, /^DATABASE_URL: required in production/],
    [
      'production without JWT_SECRET',
      { NODE_ENV: 'production', DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' },
      /^JWT_SECRET: required in production/,
    ],
    ['a bad PORT', { PORT: 'eighty' }, /^PORT: /],
  ])('stops within seconds on %s, with one line naming the variable', async (_case, env, message) => {
    const result = await start(env);
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10000);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr.trim()).toMatch(message);
  });
});
