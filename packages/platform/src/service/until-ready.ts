// Services start in any order: a dependency that is not there yet is waited for with capped
// exponential backoff and full jitter, never by crashing and being restarted.
import type { Logger } from 'pino';
import { retry } from '../retry/index.js';

export interface UntilReadyOptions {
  readonly logger: Logger;
  /** Stops waiting (e.g. on shutdown); the promise then rejects with the abort reason. */
  readonly signal?: AbortSignal;
}

/**
 * Runs `step` until it succeeds, logging each failure as a warning with the next delay. Waits as long as
 * it takes (liveness stays green meanwhile; readiness tells the orchestrator the truth).
 */
export async function untilReady<T>(
  what: string,
  step: () => Promise<T>,
  options: UntilReadyOptions,
): Promise<T> {
  const started = Date.now();
  const result = await retry(step, {
    attempts: Number.MAX_SAFE_INTEGER,
    baseMs: 200,
    maxMs: 5000,
    jitter: 'full',
    ...(options.signal ? { signal: options.signal } : {}),
    onRetry: ({ attempt, error, delayMs }) =>
      options.logger.warn(
        { dependency: what, attempt, retry_in_ms: Math.round(delayMs), err: errorMessage(error) },
        `${what} not ready yet; retrying`,
      ),
  });
  options.logger.info({ dependency: what, waited_ms: Date.now() - started }, `${what} ready`);
  return result;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
