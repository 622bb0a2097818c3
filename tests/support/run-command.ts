// Running a command-line tool from a test: its exit code and output, without throwing on a non-zero
// exit (a test asserts on those); a command that cannot start (ENOENT) or is killed rejects.
import { execFile } from 'node:child_process';
import { repoRoot } from './repo-root.js';

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CommandOptions {
  /** working directory (default: the repository root) */
  readonly cwd?: string;
  /** written to the command's stdin */
  readonly input?: string;
  /** kill it after this long (default 5 minutes) */
  readonly timeoutMs?: number;
}

/** Runs `file` with `args` (no shell); resolves with its exit code and output, whatever the code. */
export function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      [...args],
      { cwd: options.cwd ?? repoRoot, maxBuffer: 64 * 1024 * 1024, timeout: options.timeoutMs ?? 5 * 60_000 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') reject(error);
        else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}
