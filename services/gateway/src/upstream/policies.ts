// Resilience per upstream (cockatiel): a bulkhead caps concurrent calls, a circuit breaker stops calling
// an upstream that keeps failing and lets one trial call through after a pause, and idempotent calls are
// retried on transient failures with exponential backoff and jitter. Each call has a deadline (gRPC).
//
//   idempotent call:     retry → breaker → bulkhead → call
//   non-idempotent call:         breaker → bulkhead → call
import { RpcError, Status } from '@orrery/platform/grpc';
import { SPAN_ATTRIBUTES } from '@orrery/platform/metrics';
import { addActiveSpanEvent } from '@orrery/platform/telemetry';
import {
  bulkhead,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  retry,
  wrap,
} from 'cockatiel';
import type { Counter, Gauge } from 'prom-client';

export interface ResilienceSettings {
  /** Concurrent calls per upstream, and how many more may wait. */
  readonly bulkheadLimit: number;
  readonly bulkheadQueue: number;
  /** Consecutive infrastructure failures that open the breaker. */
  readonly breakerThreshold: number;
  /** How long the breaker stays open before a trial call. */
  readonly breakerHalfOpenAfterMs: number;
  /** Retries (after the first attempt) of idempotent calls. */
  readonly retries: number;
}

export interface ResilienceMetrics {
  readonly breakerState: Gauge<'breaker'>;
  readonly bulkheadRejections: Counter<'upstream'>;
  readonly retryAttempts: Counter<'target' | 'method'>;
}

/** Failures that say the upstream (not the request) is in trouble: they count against the breaker. */
const INFRASTRUCTURE_FAILURES = new Set([
  Status.UNAVAILABLE,
  Status.DEADLINE_EXCEEDED,
  Status.INTERNAL,
  Status.UNKNOWN,
]);
/** Failures worth trying again for an idempotent call. */
const TRANSIENT_FAILURES = new Set([Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED]);

const isInfrastructureFailure = (error: Error) =>
  error instanceof RpcError && INFRASTRUCTURE_FAILURES.has(error.code);
const isTransient = (error: Error) => error instanceof RpcError && TRANSIENT_FAILURES.has(error.code);

const GAUGE_VALUE: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.HalfOpen]: 1,
  [CircuitState.Open]: 2,
  [CircuitState.Isolated]: 2,
};

export interface UpstreamPolicy {
  /** Runs `call` under the upstream's policies; `method` labels retries; `attempt` counts from 0. */
  execute<T>(method: string, idempotent: boolean, call: (attempt: number) => Promise<T>): Promise<T>;
  /** Milliseconds a caller should wait before retrying after the breaker refused a call. */
  readonly retryAfterMs: number;
}

export function upstreamPolicy(
  upstream: string,
  settings: ResilienceSettings,
  metrics: ResilienceMetrics,
): UpstreamPolicy {
  const limiter = bulkhead(settings.bulkheadLimit, settings.bulkheadQueue);
  limiter.onReject(() => metrics.bulkheadRejections.inc({ upstream }));
  const breaker = circuitBreaker(handleWhen(isInfrastructureFailure), {
    halfOpenAfter: settings.breakerHalfOpenAfterMs,
    breaker: new ConsecutiveBreaker(settings.breakerThreshold),
  });
  metrics.breakerState.set({ breaker: upstream }, 0);
  breaker.onStateChange((state) => metrics.breakerState.set({ breaker: upstream }, GAUGE_VALUE[state]));
  const guarded = wrap(breaker, limiter);
  const retrying = retry(handleWhen(isTransient), {
    maxAttempts: settings.retries,
    backoff: new ExponentialBackoff({ initialDelay: 25, maxDelay: 500 }),
  });

  return {
    retryAfterMs: settings.breakerHalfOpenAfterMs,
    execute(method, idempotent, call) {
      addActiveSpanEvent('orrery.upstream.call', () => ({
        [SPAN_ATTRIBUTES.upstream]: upstream,
        [SPAN_ATTRIBUTES.breakerState]: CircuitState[breaker.state].toLowerCase(),
      }));
      if (!idempotent || settings.retries === 0) return guarded.execute(() => call(0));
      let attempts = 0;
      return retrying.execute(() => {
        const attempt = attempts++;
        if (attempt > 0) metrics.retryAttempts.inc({ target: upstream, method });
        return guarded.execute(() => call(attempt));
      });
    },
  };
}
