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
  return withLock(join(dir, '.lock'), async () => {
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
  });
}

/** Whether `path` exists (any file type). */
export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Runs `body` under an exclusive lock file; a lock older than 20 minutes is considered stale. */
export async function withLock<T>(path: string, body: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      await (await open(path, 'wx')).close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) await rm(path, { force: true });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  try {
    return await body();
  } finally {
    await rm(path, { force: true });
  }
}
