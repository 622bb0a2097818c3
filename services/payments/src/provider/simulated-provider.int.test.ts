// The simulated provider on real Postgres: idempotent on the key, deterministic test cards, behind
// the real retry/breaker policy.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { Registry } from 'prom-client';
import { createPaymentMetrics } from '../telemetry/payment-metrics.js';
import { countRows } from '@orrery/platform/testing';
import { type PaymentsHarness, startPaymentsHarness } from '../testing/payments-harness.js';
import { type ChargeRequest, TransientProviderError } from './payment-provider.js';
import { resilientProvider } from './resilient-provider.js';
import { simulatedProvider, TEST_CARDS } from './simulated-provider.js';

let harness: PaymentsHarness;

before(async () => {
  harness = await startPaymentsHarness();
});
after(async () => {
  await harness?.stop();
});

const expYear = new Date().getUTCFullYear() + 2;
function request(number: string, idempotencyKey = randomUUID()): ChargeRequest {
  return {
    idempotencyKey,
    amount: { amountCents: 2500n, currency: 'USD' },
    card: { number, expMonth: 6, expYear },
  };
}

test('the same idempotency key charges once and returns the same charge id, even concurrently', async () => {
  const provider = simulatedProvider({ shards: harness.shards, latencyMs: 0, failureRate: 0 });
  const charge = request(TEST_CARDS.succeeds);
  const results = await Promise.all([1, 2, 3, 4].map(() => provider.charge(charge)));
  const ids = new Set(
    results.map((result) => (result.outcome === 'succeeded' ? result.chargeId : 'declined')),
  );
  assert.equal(ids.size, 1);
  assert.match([...ids][0] ?? '', /^ch_/);
  assert.equal(
    await countRows(harness.shards, 'provider_charges', 'idempotency_key = $1', [charge.idempotencyKey]),
    1,
  );
  const other = await provider.charge(request(TEST_CARDS.succeeds));
  assert.notDeepEqual(other, results[0], 'another key is another charge');
});

test('test cards: declined, insufficient funds, expired', async () => {
  const provider = simulatedProvider({ shards: harness.shards, latencyMs: 0, failureRate: 0 });
  assert.deepEqual(await provider.charge(request(TEST_CARDS.declined)), {
    outcome: 'declined',
    reason: 'CARD_DECLINED',
    message: 'card declined',
  });
  const poor = await provider.charge(request(TEST_CARDS.insufficientFunds));
  assert.equal(poor.outcome === 'declined' && poor.reason, 'INSUFFICIENT_FUNDS');
  const expired = await provider.charge({
    ...request(TEST_CARDS.succeeds),
    card: { number: TEST_CARDS.succeeds, expMonth: 1, expYear: 2020 },
  });
  assert.equal(expired.outcome === 'declined' && expired.reason, 'CARD_EXPIRED');
});

test('4000000000000119 fails twice per key, then succeeds; the resilient provider retries it through', async () => {
  const provider = simulatedProvider({ shards: harness.shards, latencyMs: 0, failureRate: 0 });
  const charge = request(TEST_CARDS.failsTwiceThenSucceeds);
  await assert.rejects(provider.charge(charge), TransientProviderError);
  await assert.rejects(provider.charge(charge), TransientProviderError);
  assert.equal((await provider.charge(charge)).outcome, 'succeeded');

  const registry = new Registry();
  const resilient = resilientProvider(provider, createPaymentMetrics(registry), {
    initialDelayMs: 5,
    maxDelayMs: 20,
  });
  const fresh = request(TEST_CARDS.failsTwiceThenSucceeds);
  assert.equal((await resilient.charge(fresh)).outcome, 'succeeded');
  assert.match(
    await registry.metrics(),
    /orrery_payment_provider_retries_total\{reason="processing_error"\} 2/,
  );
  assert.equal(
    await countRows(harness.shards, 'provider_charges', 'idempotency_key = $1', [fresh.idempotencyKey]),
    1,
  );
});

test('latency is honoured and a timeout aborts the call before anything is charged', async () => {
  const provider = simulatedProvider({ shards: harness.shards, latencyMs: 300, failureRate: 0 });
  const charge = request(TEST_CARDS.succeeds);
  await assert.rejects(provider.charge(charge, AbortSignal.timeout(50)), (error: unknown) => {
    assert.ok(error instanceof TransientProviderError);
    assert.equal(error.kind, 'timeout');
    return true;
  });
  assert.equal(
    await countRows(harness.shards, 'provider_charges', 'idempotency_key = $1', [charge.idempotencyKey]),
    0,
  );
  const started = Date.now();
  assert.equal((await provider.charge(charge)).outcome, 'succeeded');
  assert.ok(Date.now() - started >= 290);
});

test('a failure rate of 1 fails every call transiently and records nothing', async () => {
  const provider = simulatedProvider({ shards: harness.shards, latencyMs: 0, failureRate: 1 });
  const charge = request(TEST_CARDS.succeeds);
  await assert.rejects(provider.charge(charge), TransientProviderError);
  assert.equal(
    await countRows(harness.shards, 'provider_charges', 'idempotency_key = $1', [charge.idempotencyKey]),
    0,
  );
});
