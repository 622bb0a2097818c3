// Locating the repository and running its locally installed buf.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor of this file whose package.json is named `orrery`. */
export const repoRoot = findRoot(dirname(fileURLToPath(import.meta.url)));

function findRoot(start: string): string {
  // Bounded by the depth of the file system.
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'orrery'
    ) {
      return dir;
    }
    if (dirname(dir) === dir) throw new Error(`no orrery package.json above ${start}`);
  }
}

/** Outcome of one buf run. */
export interface BufRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the repository's pinned buf (node_modules/.bin/buf) with `args` in `cwd` (default: the root). */
export function buf(args: readonly string[], cwd = repoRoot): Promise<BufRun> {
  return new Promise((resolve, reject) => {
    execFile(
      join(repoRoot, 'node_modules', '.bin', 'buf'),
      [...args],
      { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ exitCode: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
  });
}
