import { setTimeout as sleep } from 'node:timers/promises';

/** How long and how often `waitFor` polls. */
export interface WaitOptions {
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  /** Called before each attempt; throwing ends the wait at once (e.g. the process exited). */
  precheck?: () => void;
}

/**
 * Polls `attempt` until it resolves true, within a bounded time. Resolves with the last error
 * message seen on timeout (so callers can say why), or throws when aborted or precheck throws.
 */
export async function waitFor(
  attempt: () => Promise<boolean>,
  options: WaitOptions,
): Promise<{ ready: true } | { ready: false; lastError: string }> {
  const deadline = performance.now() + options.timeoutMs;
  let lastError = 'no answer yet';
  while (performance.now() < deadline) {
    options.signal?.throwIfAborted();
    options.precheck?.();
    try {
      if (await attempt()) return { ready: true };
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(options.intervalMs);
  }
  return { ready: false, lastError };
}
