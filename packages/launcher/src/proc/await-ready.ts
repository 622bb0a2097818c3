import { waitFor } from '../wait.js';
import type { ManagedChild } from './child.js';
import { logTail } from './run.js';

/** How to tell that a just-started child is ready, and what to say when it is not. */
export interface ReadyCheck {
  /** Polled until it resolves true (a real client answer). */
  probe: () => Promise<boolean>;
  timeoutMs: number;
  intervalMs: number;
  signal: AbortSignal;
  /** The error when the child exits while starting, given its exit status. */
  exited: (status: string) => string;
  /** The error when `probe` never passed in time, given its last error. */
  notReady: (lastError: string) => string;
  /** Runs once ready, still stopping the child on failure (e.g. creating databases). */
  afterReady?: () => Promise<void>;
  /** What the error points to: `See <see>`. */
  see: string;
  /** Logs whose last lines are quoted, the first with any lines wins. */
  tailOf: readonly string[];
}

/**
 * Waits until `child` answers `check.probe`. On failure (exit, timeout, abort, `afterReady` throwing)
 * the child is stopped and the error names the cause, the log to read, and that log's last lines.
 */
export async function awaitReady(child: ManagedChild, check: ReadyCheck): Promise<void> {
  try {
    const ready = await waitFor(check.probe, {
      timeoutMs: check.timeoutMs,
      intervalMs: check.intervalMs,
      signal: check.signal,
      precheck: () => {
        const exit = child.exited();
        if (exit) throw new Error(check.exited(exit));
      },
    });
    if (!ready.ready) throw new Error(check.notReady(ready.lastError));
    await check.afterReady?.();
  } catch (error) {
    await child.stop();
    let tail = '';
    for (const file of check.tailOf) {
      tail ||= await logTail(file, 6);
    }
    throw new Error(`${(error as Error).message}. See ${check.see}${tail ? `:\n${tail}` : ''}`);
  }
}
