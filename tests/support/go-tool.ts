// Pinned Go command-line tools (grpcurl, helm, kubeconform, …) built once with `go install` into
// ~/.cache/orrery/go-tools/<name>@<version>/ and reused by later runs.
import { execFile } from 'node:child_process';
import { access, mkdir, open, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface GoTool {
  /** the binary's name, e.g. `grpcurl` */
  readonly name: string;
  /** the package to install, e.g. `github.com/fullstorydev/grpcurl/cmd/grpcurl` */
  readonly pkg: string;
  /** a pinned version, e.g. `v1.9.3` */
  readonly version: string;
}

export const cacheRoot = process.env.ORRERY_CACHE_DIR ?? join(homedir(), '.cache', 'orrery');

/** Returns the absolute path of the tool's binary, building it first when it is not cached. */
export async function goTool(tool: GoTool): Promise<string> {
  const dir = join(cacheRoot, 'go-tools', `${tool.name}@${tool.version}`);
  const binary = join(dir, tool.name);
  if (await exists(binary)) return binary;
  await mkdir(dir, { recursive: true });
  const lock = await acquireLock(join(dir, '.lock'));
  try {
    if (await exists(binary)) return binary;
    const started = Date.now();
    process.stderr.write(`[go-tool] building ${tool.name} ${tool.version} (once; cached in ${dir})\n`);
    await run('go', ['install', `${tool.pkg}@${tool.version}`], {
      env: { ...process.env, GOBIN: dir, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      maxBuffer: 64 * 1024 * 1024,
      timeout: 15 * 60_000,
    });
    process.stderr.write(`[go-tool] ${tool.name} ready in ${Math.round((Date.now() - started) / 1000)} s\n`);
    return binary;
  } finally {
    await lock.release();
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** A lock file created exclusively; a stale one (older than 20 min) is taken over. */
async function acquireLock(path: string): Promise<{ release(): Promise<void> }> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) await rm(path, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}
