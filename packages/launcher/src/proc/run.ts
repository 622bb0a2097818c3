import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

/** Options of a one-shot command. */
export interface RunOptions {
  /** Output is appended here; the tail is quoted in the error on failure. */
  logFile: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Runs a command to completion (bounded); rejects with exit status and the log's last lines. */
export async function runCommand(command: string, args: string[], options: RunOptions): Promise<void> {
  const fd = openSync(options.logFile, 'a');
  const child = (() => {
    try {
      return spawn(command, args, {
        stdio: ['ignore', fd, fd],
        cwd: options.cwd,
        env: options.env ?? process.env,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
      });
    } finally {
      closeSync(fd);
    }
  })();
  const status = await new Promise<string | undefined>((resolve) => {
    child.once('error', (error) => resolve(error.message));
    child.once('exit', (code, sig) => {
      if (code === 0) resolve(undefined);
      else if (sig === 'SIGKILL') resolve(`timed out after ${options.timeoutMs / 1000} s`);
      else resolve(sig ? `killed by ${sig}` : `exit code ${String(code)}`);
    });
  });
  if (status === undefined) return;
  const tail = await logTail(options.logFile, 8);
  throw new Error(`\`${[command, ...args].join(' ')}\` failed (${status})${tail ? `:\n${tail}` : ''}`);
}

/** The last `lines` non-empty lines of a log file ('' when unreadable). */
export async function logTail(file: string, lines: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-lines)
    .map((line) => `    ${line}`)
    .join('\n');
}
