/** Options for `retry`. Give `attempts`, `deadlineMs`, or both (whichever runs out first stops it). */
export interface RetryOptions {
  /** Total tries including the first (≥ 1). */
  readonly attempts?: number;
  /** Give up once this many ms have passed since the first try (no sleep runs past it). */
  readonly deadlineMs?: number;
  /** Delay cap before jitter for the first retry (default 100 ms); doubles each retry. */
  readonly baseMs?: number;
  /** Largest delay cap (default 5000 ms). */
  readonly maxMs?: number;
  /** `'full'`: sleep a uniform random time in [0, cap]; `'none'`: sleep exactly the cap. */
  readonly jitter?: 'full' | 'none';
  /** Aborts waiting and further tries; the abort reason is thrown. */
  readonly signal?: AbortSignal;
  /** Return false to stop retrying on this error (default: retry everything). */
  readonly retryable?: (error: unknown) => boolean;
  /** Called before each sleep with the failed attempt number (1-based), its error and the delay. */
  readonly onRetry?: (info: { attempt: number; error: unknown; delayMs: number }) => void;
  /** Injected for tests. */
  readonly random?: () => number;
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Thrown when retries run out; `cause` is the last error, `attempts` how many tries were made. */
export class RetryExhaustedError extends Error {
  override readonly name = 'RetryExhaustedError';
  constructor(
    readonly attempts: number,
    readonly elapsedMs: number,
    override readonly cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`gave up after ${attempts} attempt(s) in ${elapsedMs} ms: ${reason}`, { cause });
  }
}

/** The capped exponential delay before retry number `retry` (1-based), before jitter. */
export function backoffCapMs(retry: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.min(retry - 1, 52));
}

/** A full-jitter delay before retry number `retry` (1-based): uniform in [0, `backoffCapMs`], whole ms. */
export function fullJitterMs(
  retry: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * (backoffCapMs(retry, baseMs, maxMs) + 1));
}

/**
 * Calls `fn` until it resolves, sleeping between tries with exponential backoff and full jitter
 * (AWS "full jitter": delay = random(0, min(maxMs, baseMs·2^(n-1)))). Stops after `attempts` tries or
 * once `deadlineMs` would pass, throwing `RetryExhaustedError` with the last error as `cause`.
 * `fn` gets the attempt number (1-based).
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { attempts, deadlineMs, signal } = options;
  if (attempts === undefined && deadlineMs === undefined) {
    throw new TypeError('retry needs attempts, deadlineMs or both');
  }
  if (attempts !== undefined && (!Number.isInteger(attempts) || attempts < 1)) {
    throw new RangeError(`attempts must be an integer ≥ 1, got ${attempts}`);
  }
  const baseMs = options.baseMs ?? 100;
  const maxMs = options.maxMs ?? 5000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      signal?.throwIfAborted();
      const elapsed = now() - started;
      if (options.retryable !== undefined && !options.retryable(error)) throw error;
      if (attempts !== undefined && attempt >= attempts)
        throw new RetryExhaustedError(attempt, elapsed, error);
      let delayMs =
        options.jitter === 'none'
          ? backoffCapMs(attempt, baseMs, maxMs)
          : fullJitterMs(attempt, baseMs, maxMs, random);
      if (deadlineMs !== undefined) {
        const left = deadlineMs - elapsed;
        if (left <= 0) throw new RetryExhaustedError(attempt, elapsed, error);
        delayMs = Math.min(delayMs, left);
      }
      options.onRetry?.({ attempt, error, delayMs });
      await sleep(delayMs, signal);
    }
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
