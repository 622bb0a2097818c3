import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '@orrery/platform/config';
import { paymentsSchema } from './config.js';

const key = randomBytes(32).toString('base64');

test('payments variables parse with defaults for the simulated provider', () => {
  const parsed = loadConfig(paymentsSchema, { ORRERY_CARD_KEYS: `k1:${key}` });
  assert.deepEqual(parsed.ORRERY_CARD_KEYS.ids, ['k1']);
  assert.equal(parsed.ORRERY_PROVIDER_LATENCY_MS, 0);
  assert.equal(parsed.ORRERY_PROVIDER_FAILURE_RATE, 0);
  assert.equal(parsed.ORRERY_PROVIDER_BREAKER_THRESHOLD, 5);
  assert.equal(parsed.ORRERY_PROVIDER_BREAKER_HALF_OPEN_AFTER, 10_000);
  const tuned = loadConfig(paymentsSchema, {
    ORRERY_CARD_KEYS: `k1:${key}`,
    ORRERY_PROVIDER_LATENCY_MS: '250',
    ORRERY_PROVIDER_FAILURE_RATE: '0.25',
    ORRERY_PROVIDER_BREAKER_THRESHOLD: '3',
    ORRERY_PROVIDER_BREAKER_HALF_OPEN_AFTER: '2s',
  });
  assert.equal(tuned.ORRERY_PROVIDER_BREAKER_THRESHOLD, 3);
  assert.equal(tuned.ORRERY_PROVIDER_BREAKER_HALF_OPEN_AFTER, 2000);
  assert.equal(tuned.ORRERY_PROVIDER_LATENCY_MS, 250);
  assert.equal(tuned.ORRERY_PROVIDER_FAILURE_RATE, 0.25);
});

test('bad payments variables are named, and card keys are never echoed', () => {
  const short = randomBytes(31).toString('base64');
  assert.throws(
    () =>
      loadConfig(paymentsSchema, {
        ORRERY_CARD_KEYS: `k1:${key},k2:${short}`,
        ORRERY_PROVIDER_FAILURE_RATE: '1.5',
        ORRERY_PROVIDER_LATENCY_MS: 'soon',
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.issues.map((issue) => issue.variable).sort(), [
        'ORRERY_CARD_KEYS',
        'ORRERY_PROVIDER_FAILURE_RATE',
        'ORRERY_PROVIDER_LATENCY_MS',
      ]);
      assert.match(error.message, /ORRERY_CARD_KEYS: .*entry 2 \(key id "k2"\) is 31 bytes, not 32/);
      assert.equal(error.message.includes(key) || error.message.includes(short), false);
      return true;
    },
  );
  assert.throws(() => loadConfig(paymentsSchema, {}), /ORRERY_CARD_KEYS: required/);
});
