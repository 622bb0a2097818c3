// The only reader of process.env in the payments service (variables in docs/conventions.md).
import { bootConfig, durationMs, positiveInt } from '@orrery/platform/config';
import { loadShardedServiceConfig, otlpEndpointFrom } from '@orrery/platform/service-config';
import { z } from 'zod';
import { type CardKeyring, CardKeysProblem, parseCardKeys } from './vault/card-keys.js';

export type PaymentsConfig = ReturnType<typeof loadConfig>;

const CARD_KEYS_EXPECTED = 'comma-separated "id:<base64 of 32 bytes>" keys, newest last';

/** ORRERY_CARD_KEYS; problems are reported without ever echoing the value (it is key material). */
export function cardKeysField() {
  return z.string({ error: () => `required; expected ${CARD_KEYS_EXPECTED}` }).transform((raw, ctx) => {
    try {
      return parseCardKeys(raw);
    } catch (error) {
      const reason = error instanceof CardKeysProblem ? ` (${error.message})` : '';
      ctx.addIssue({ code: 'custom', message: `expected ${CARD_KEYS_EXPECTED}${reason}` });
      return z.NEVER as CardKeyring;
    }
  });
}

/** A probability 0..1, e.g. `0.05`. */
export function rateField() {
  return z.string().transform((raw, ctx) => {
    const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (value >= 0 && value <= 1) return value;
    ctx.addIssue({ code: 'custom', message: `expected a number from 0 to 1, got ${JSON.stringify(raw)}` });
    return z.NEVER as number;
  });
}

/** The payments service's own variables (beside the shared ones). */
export const paymentsSchema = z.object({
  ORRERY_CARD_KEYS: cardKeysField(),
  ORRERY_PROVIDER_LATENCY_MS: durationMs({ min: 0, max: 60_000 }).default(0),
  ORRERY_PROVIDER_FAILURE_RATE: rateField().default(0),
  ORRERY_PROVIDER_BREAKER_THRESHOLD: positiveInt({ min: 1, max: 1000 }).default(5),
  ORRERY_PROVIDER_BREAKER_HALF_OPEN_AFTER: durationMs({ min: 100, max: 300_000 }).default(10_000),
});

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const shared = loadShardedServiceConfig(env, { grpcPort: 50053, adminPort: 9083 });
  const own = bootConfig(paymentsSchema, env);
  return Object.freeze({
    ...shared,
    cardKeys: own.ORRERY_CARD_KEYS as CardKeyring,
    provider: Object.freeze({
      latencyMs: own.ORRERY_PROVIDER_LATENCY_MS,
      failureRate: own.ORRERY_PROVIDER_FAILURE_RATE,
    }),
    breaker: Object.freeze({
      breakerThreshold: own.ORRERY_PROVIDER_BREAKER_THRESHOLD,
      halfOpenAfterMs: own.ORRERY_PROVIDER_BREAKER_HALF_OPEN_AFTER,
    }),
  });
}

/** For instrument.ts, which runs before everything else. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return otlpEndpointFrom(env);
}
