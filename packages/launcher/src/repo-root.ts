import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The npm workspace root above `start` (the directory whose package.json has `workspaces`). */
export function findRepoRoot(start: string): string {
  let dir = start;
  for (let depth = 0; depth < 20; depth++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const json = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
      if (json.workspaces !== undefined) return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`cannot find the repository root (a package.json with "workspaces") above ${start}`);
}
