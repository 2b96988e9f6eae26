import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keeps a folder to its owner: it and every folder in it 0700, every file 0600, created if
 * missing. DATA_DIR holds the embedded database (emails, password hashes, the column that links
 * pseudonyms to people) and the generated secrets; another account on the same machine must read
 * none of it. Folders left open by an earlier version are tightened too. Symbolic links are left
 * alone (chmod would follow them out of the folder).
 */
export function keepToOwner(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const visit = (path: string): void => {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      return;
    }
    const mode = stat.isDirectory() ? 0o700 : 0o600;
    if ((stat.mode & 0o777) !== mode) {
      chmodSync(path, mode);
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path)) {
        visit(join(path, name));
      }
    }
  };
  visit(dir);
}
