// The provider behind a timeout per attempt, retries of transient failures with exponential backoff
// and jitter, and a circuit breaker that stops calling a provider that keeps failing. Declines are
// answers, not failures: they are neither retried nor counted by the breaker. The idempotency key
// stays the same across retries, so a retry never charges twice.
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  ExponentialBackoff,
  handleType,
  retry,
  TimeoutStrategy,
  timeout,
  wrap,
} from 'cockatiel';
import { SPAN_ATTRIBUTES } from '@orrery/platform/metrics';
import { withSpan } from '@orrery/platform/telemetry';
import type { PaymentMetrics } from '../telemetry/payment-metrics.js';
import {
  type ChargeResult,
  type PaymentProvider,
  ProviderUnavailable,
  TransientProviderError,
} from './payment-provider.js';

export interface ResilienceOptions {
  /** Deadline of one attempt (default 2000 ms). */
  readonly timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  readonly maxRetries?: number;
  /** First backoff delay (default 100 ms); grows ×2 with decorrelated jitter up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Consecutive failed attempts that open the breaker (default 5). */
  readonly breakerThreshold?: number;
  /** How long the breaker stays open before a trial call (default 10000 ms). */
  readonly halfOpenAfterMs?: number;
}

const STATES: Record<CircuitState, string> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Open]: 'open',
  [CircuitState.Isolated]: 'open',
};

export interface ResilientProvider extends PaymentProvider {
  /** `closed`, `half_open` or `open`. */
  breakerState(): string;
}

export function resilientProvider(
  provider: PaymentProvider,
  metrics: PaymentMetrics,
  options: ResilienceOptions = {},
): ResilientProvider {
  const transient = handleType(TransientProviderError);
  const retryPolicy = retry(transient, {
    maxAttempts: options.maxRetries ?? 3,
    backoff: new ExponentialBackoff({
      initialDelay: options.initialDelayMs ?? 100,
      maxDelay: options.maxDelayMs ?? 2000,
    }),
  });
  const breaker = circuitBreaker(transient, {
    halfOpenAfter: options.halfOpenAfterMs ?? 10_000,
    breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
  });
  const perAttempt = timeout(options.timeoutMs ?? 2000, TimeoutStrategy.Cooperative);
  const policy = wrap(retryPolicy, breaker, perAttempt);

  const showState = (state: CircuitState) => {
    for (const name of new Set(Object.values(STATES))) metrics.breakerState.set({ state: name }, 0);
    metrics.breakerState.set({ state: STATES[state] }, 1);
  };
  showState(breaker.state);
  breaker.onStateChange((state) => {
    showState(state);
    metrics.breakerTransitions.inc({ to: STATES[state] });
  });
  retryPolicy.onRetry((event) => {
    const error = 'error' in event ? event.error : undefined;
    metrics.retries.inc({
      reason: error instanceof TransientProviderError ? error.kind : 'processing_error',
    });
  });

  return {
    breakerState: () => STATES[breaker.state],
    async charge(request) {
      try {
        return await policy.execute(({ signal, attempt }) =>
          withSpan(
            'payments.provider.charge',
            {
              [SPAN_ATTRIBUTES.idempotencyKey]: request.idempotencyKey,
              [SPAN_ATTRIBUTES.retryAttempt]: attempt + 1,
            },
            async (): Promise<ChargeResult> => {
              const stop = metrics.callDuration.startTimer();
              try {
                const result = await provider.charge(request, signal);
                stop({ outcome: result.outcome });
                return result;
              } catch (error) {
                const timedOut = signal.aborted && !(error instanceof TransientProviderError);
                const failure = timedOut
                  ? new TransientProviderError('timeout', 'provider call timed out')
                  : error;
                stop({ outcome: failure instanceof TransientProviderError ? failure.kind : 'error' });
                throw failure;
              }
            },
          ),
        );
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new ProviderUnavailable('payment provider circuit breaker is open', { cause: error });
        }
        if (error instanceof TransientProviderError) {
          throw new ProviderUnavailable(`payment provider kept failing: ${error.message}`, { cause: error });
        }
        throw error;
      }
    },
  };
}
