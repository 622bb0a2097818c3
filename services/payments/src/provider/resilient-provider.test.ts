import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Registry } from 'prom-client';
import { createPaymentMetrics } from '../telemetry/payment-metrics.js';
import {
  type ChargeRequest,
  type ChargeResult,
  type PaymentProvider,
  ProviderUnavailable,
  TransientProviderError,
} from './payment-provider.js';
import { resilientProvider } from './resilient-provider.js';

const request: ChargeRequest = {
  idempotencyKey: 'order-1',
  amount: { amountCents: 1999n, currency: 'USD' },
  card: { number: '4242424242424242', expMonth: 12, expYear: 2030 },
};
const fast = { initialDelayMs: 1, maxDelayMs: 5, timeoutMs: 200 };

/** A fake provider answering from a script, one entry per call; records the keys it saw. */
function scripted(script: (ChargeResult | 'fail' | 'hang')[]) {
  const keys: string[] = [];
  const provider: PaymentProvider = {
    async charge(req, signal) {
      keys.push(req.idempotencyKey);
      const next = script.shift() ?? 'fail';
      if (next === 'fail') throw new TransientProviderError('processing_error', 'boom');
      if (next === 'hang') {
        await new Promise((resolve) => signal?.addEventListener('abort', resolve));
        throw new Error('aborted');
      }
      return next;
    },
  };
  return { provider, keys };
}

async function value(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  const found = metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l));
  return found?.value ?? 0;
}

test('transient failures are retried with the same idempotency key and counted', async () => {
  const registry = new Registry();
  const { provider, keys } = scripted(['fail', 'fail', { outcome: 'succeeded', chargeId: 'ch_1' }]);
  const resilient = resilientProvider(provider, createPaymentMetrics(registry), fast);
  assert.deepEqual(await resilient.charge(request), { outcome: 'succeeded', chargeId: 'ch_1' });
  assert.deepEqual(keys, ['order-1', 'order-1', 'order-1']);
  assert.equal(
    await value(registry, 'orrery_payment_provider_retries_total', { reason: 'processing_error' }),
    2,
  );
  const text = await registry.metrics();
  assert.match(text, /orrery_payment_provider_call_duration_seconds_count\{outcome="processing_error"\} 2/);
  assert.match(text, /orrery_payment_provider_call_duration_seconds_count\{outcome="succeeded"\} 1/);
});

test('a decline is an answer: not retried, does not trip the breaker', async () => {
  const registry = new Registry();
  const declined: ChargeResult = { outcome: 'declined', reason: 'CARD_DECLINED', message: 'card declined' };
  const { provider, keys } = scripted(Array.from({ length: 10 }, () => declined));
  const resilient = resilientProvider(provider, createPaymentMetrics(registry), {
    ...fast,
    breakerThreshold: 2,
  });
  for (let i = 0; i < 5; i++) assert.deepEqual(await resilient.charge(request), declined);
  assert.equal(keys.length, 5);
  assert.equal(resilient.breakerState(), 'closed');
});

test('a hung call times out, is retried, and gives up as ProviderUnavailable', async () => {
  const registry = new Registry();
  const { provider, keys } = scripted(['hang', 'hang', 'hang']);
  const resilient = resilientProvider(provider, createPaymentMetrics(registry), {
    ...fast,
    timeoutMs: 20,
    maxRetries: 2,
  });
  await assert.rejects(resilient.charge(request), ProviderUnavailable);
  assert.equal(keys.length, 3);
  assert.equal(await value(registry, 'orrery_payment_provider_retries_total', { reason: 'timeout' }), 2);
});

test('the breaker opens after consecutive failures and then fails fast without calling the provider', async () => {
  const registry = new Registry();
  const { provider, keys } = scripted([]);
  const resilient = resilientProvider(provider, createPaymentMetrics(registry), {
    ...fast,
    maxRetries: 1,
    breakerThreshold: 3,
    halfOpenAfterMs: 60_000,
  });
  await assert.rejects(resilient.charge(request), ProviderUnavailable); // 2 failed attempts
  await assert.rejects(resilient.charge(request), /circuit breaker is open/); // 3rd attempt opens it
  assert.equal(resilient.breakerState(), 'open');
  const calls = keys.length;
  await assert.rejects(resilient.charge(request), /circuit breaker is open/);
  assert.equal(keys.length, calls, 'no call reaches the provider while open');
  assert.equal(await value(registry, 'orrery_payment_provider_breaker_state', { state: 'open' }), 1);
  assert.equal(await value(registry, 'orrery_payment_provider_breaker_state', { state: 'closed' }), 0);
  assert.equal(await value(registry, 'orrery_payment_provider_breaker_transitions_total', { to: 'open' }), 1);
});

test('the breaker counts its transitions: open, then half_open after the pause, closed on a success', async () => {
  const registry = new Registry();
  const ok: ChargeResult = { outcome: 'succeeded', chargeId: 'ch_2' };
  const { provider } = scripted(['fail', 'fail', ok]);
  const resilient = resilientProvider(provider, createPaymentMetrics(registry), {
    ...fast,
    maxRetries: 1,
    breakerThreshold: 2,
    halfOpenAfterMs: 30,
  });
  await assert.rejects(resilient.charge(request), ProviderUnavailable);
  assert.equal(resilient.breakerState(), 'open');
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.deepEqual(await resilient.charge(request), ok);
  assert.equal(resilient.breakerState(), 'closed');
  const transitions = (to: string) =>
    value(registry, 'orrery_payment_provider_breaker_transitions_total', { to });
  assert.equal(await transitions('open'), 1);
  assert.equal(await transitions('half_open'), 1);
  assert.equal(await transitions('closed'), 1);
});
