// Shared by `npm start` and `npm test`: make a fresh clone runnable. Installs dependencies when the
// lockfile changed since the last install, then type-checks and builds every project (tsc -b).
// Dependency-free on purpose: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function step(message) {
  process.stderr.write(`[orrery] ${message}\n`);
}

/** Runs a command in the repo root, inheriting stdio; throws with the command line if it fails. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status ?? result.signal}`);
  }
}

function timed(label, fn) {
  const started = Date.now();
  step(`${label} …`);
  fn();
  step(`${label} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

function dependenciesAreCurrent() {
  const marker = join(repoRoot, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  return statSync(marker).mtimeMs >= statSync(join(repoRoot, 'package-lock.json')).mtimeMs;
}

export function prepare() {
  const [major] = process.versions.node.split('.').map(Number);
  if (major < 20) throw new Error(`orrery needs Node.js 20 or newer; this is ${process.version}`);
  if (!dependenciesAreCurrent()) {
    timed('installing dependencies (npm ci)', () =>
      run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']),
    );
  }
  timed('building (tsc -b)', () => run(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-b']));
}
