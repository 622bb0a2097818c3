import { type ChildProcess, spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { removePidRecord, writePidRecord } from './pid-file.js';

/** How to start one long-running server. */
export interface ChildSpec {
  component: string;
  command: string;
  args: string[];
  /** stdout and stderr of the server are appended here, never to the console. */
  logFile: string;
  /** Run directory for pid files (`dataDir` of the run). */
  dataDir: string;
  /** String present in the command line, for stale-process recognition. */
  marker: string;
  stopSignal: NodeJS.Signals;
  /** Time between stopSignal and SIGKILL. */
  graceMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** A server process we started and own. */
export interface ManagedChild {
  readonly component: string;
  readonly pid: number;
  readonly logFile: string;
  /** Exit code or signal once the process has exited; undefined while running. */
  exited(): string | undefined;
  /** Sends stopSignal (SIGKILL after the grace time) and waits for the exit; idempotent. */
  stop(): Promise<void>;
  /** Synchronous best-effort signal, for process 'exit' handlers. */
  killNow(): void;
}

/**
 * Spawns a server in our process group (so a terminal Ctrl-C reaches it too), stdio to its log
 * file, and records a pid file. Rejects if the spawn itself fails (e.g. ENOENT).
 */
export async function startChild(spec: ChildSpec): Promise<ManagedChild> {
  const fd = openSync(spec.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(spec.command, spec.args, {
      stdio: ['ignore', fd, fd],
      cwd: spec.cwd,
      env: spec.env ?? process.env,
    });
  } finally {
    closeSync(fd);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`${spec.command}: ${error.message}`)));
  });
  const pid = child.pid as number;
  let exitInfo: string | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, sig) => {
      exitInfo = sig ? `signal ${sig}` : `code ${String(code)}`;
      resolve();
    });
  });
  await writePidRecord(spec.dataDir, {
    component: spec.component,
    pid,
    marker: spec.marker,
    stopSignal: spec.stopSignal,
  });
  let stopping: Promise<void> | undefined;
  const stop = async (): Promise<void> => {
    if (exitInfo === undefined) {
      child.kill(spec.stopSignal);
      const outcome = await Promise.race([exit.then(() => 'exited'), sleep(spec.graceMs, 'timeout')]);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        await exit;
      }
    }
    await removePidRecord(spec.dataDir, spec.component);
  };
  return {
    component: spec.component,
    pid,
    logFile: spec.logFile,
    exited: () => exitInfo,
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
    killNow: () => {
      if (exitInfo === undefined) child.kill(spec.stopSignal);
    },
  };
}
