import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { keepToOwner } from './data-dir';

const mode = (path: string) => statSync(path).mode & 0o777;

describe(keepToOwner.name, () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'suivi-data-dir-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the folder 0700', () => {
    const dir = join(root, 'new', 'data');
    keepToOwner(dir);
    expect(mode(dir)).toBe(0o700);
  });

  it('tightens what an earlier version left open: folders 0700, files 0600', () => {
    const dir = join(root, 'data');
    mkdirSync(join(dir, 'pgdata', 'base'), { recursive: true });
    writeFileSync(join(dir, 'pgdata', 'base', '1259'), 'rows');
    writeFileSync(join(dir, 'secrets.json'), '{}');
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'pgdata'), 0o777);
    chmodSync(join(dir, 'pgdata', 'base', '1259'), 0o666);
    chmodSync(join(dir, 'secrets.json'), 0o644);

    keepToOwner(dir);

    expect([dir, join(dir, 'pgdata'), join(dir, 'pgdata', 'base')].map(mode)).toEqual([0o700, 0o700, 0o700]);
    expect([join(dir, 'pgdata', 'base', '1259'), join(dir, 'secrets.json')].map(mode)).toEqual([0o600, 0o600]);
  });

  it('does not follow a symbolic link out of the folder', () => {
    const outside = join(root, 'outside.txt');
    writeFileSync(outside, 'not ours');
    chmodSync(outside, 0o644);
    const dir = join(root, 'data');
    mkdirSync(dir);
    symlinkSync(outside, join(dir, 'link'));

    keepToOwner(dir);

    expect(mode(outside)).toBe(0o644);
  });
});
