// Resilience per upstream (cockatiel): a bulkhead caps concurrent calls, a circuit breaker stops calling
// an upstream that keeps failing and lets one trial call through after a pause, and idempotent calls are
// retried on transient failures with exponential backoff and jitter. Each call has a deadline (gRPC).
//
//   idempotent call:     retry → breaker → bulkhead → call
//   non-idempotent call:         breaker → bulkhead → call
import { RpcError, Status } from '@orrery/platform/grpc';
import { counterOf, GATEWAY_METRICS, gaugeOf, SPAN_ATTRIBUTES } from '@orrery/platform/metrics';
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
import type { Registry } from 'prom-client';

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
}

/** The policies of `upstream`; their GATEWAY_METRICS series are registered on (or found in) `registry`. */
export function upstreamPolicy(
  upstream: string,
  settings: ResilienceSettings,
  registry: Registry,
): UpstreamPolicy {
  const metrics = {
    breakerState: gaugeOf(registry, GATEWAY_METRICS.circuitBreakerState),
    bulkheadRejections: counterOf(registry, GATEWAY_METRICS.bulkheadRejections),
    retryAttempts: counterOf(registry, GATEWAY_METRICS.retryAttempts),
  };
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
    execute(method, idempotent, call) {
      addActiveSpanEvent('orrery.upstream.call', () => ({
        [SPAN_ATTRIBUTES.upstream]: upstream,
        [SPAN_ATTRIBUTES.breakerState]: CircuitState[breaker.state].toLowerCase(),
      }));
      if (!idempotent) return guarded.execute(() => call(0));
      // with retries 0, cockatiel runs the call once, as attempt 0
      return retrying.execute(({ attempt }) => {
        if (attempt > 0) metrics.retryAttempts.inc({ target: upstream, method });
        return guarded.execute(() => call(attempt));
      });
    },
  };
}
