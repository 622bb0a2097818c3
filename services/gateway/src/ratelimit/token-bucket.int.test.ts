// The token-bucket script against the real Redis of the test run.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { requireTestEnv } from '@orrery/platform/testing';
import { Redis } from 'ioredis';
import { parseRules } from './rules.js';
import { tokenBuckets } from './token-bucket.js';

let redis: Redis;
before(() => {
  redis = new Redis(requireTestEnv('ORRERY_TEST_REDIS_URL'));
});
after(() => redis?.disconnect());

test('burst passes, the next request is refused with a retry time, and tokens come back', async () => {
  const buckets = tokenBuckets(redis);
  const rules = parseRules('10/1s:3');
  const key = randomUUID();
  const decisions = [];
  for (let i = 0; i < 4; i++) decisions.push(await buckets.take(key, rules));
  assert.deepEqual(
    decisions.map((d) => [d.allowed, d.remaining]),
    [
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ],
  );
  const refused = decisions[3];
  assert.ok(
    refused && refused.retryAfterMs > 0 && refused.retryAfterMs <= 100,
    `retry in ${refused?.retryAfterMs} ms`,
  );
  await new Promise((resolve) => setTimeout(resolve, 250));
  assert.equal((await buckets.take(key, rules)).allowed, true, 'refilled at 10 per second');
});

test('stacked rules: the tightest decides, and a refusal takes no token from any bucket', async () => {
  const buckets = tokenBuckets(redis);
  const rules = parseRules('100/1s:100,2/1m');
  const key = randomUUID();
  assert.equal((await buckets.take(key, rules)).allowed, true);
  assert.equal((await buckets.take(key, rules)).allowed, true);
  const third = await buckets.take(key, rules);
  assert.equal(third.allowed, false);
  assert.ok(third.retryAfterMs > 20_000, 'the per-minute rule sets the wait');
  const fast = await redis.hget(`orrery:ratelimit:v1:${key}:100/1s:100`, 'tokens');
  assert.ok(Number(fast) >= 98, `the roomy bucket kept its tokens (${fast})`);
});

test('concurrent takes never hand out more tokens than the burst', async () => {
  const buckets = tokenBuckets(redis);
  const rules = parseRules('1/1m:25');
  const key = randomUUID();
  const decisions = await Promise.all(Array.from({ length: 60 }, () => buckets.take(key, rules)));
  assert.equal(decisions.filter((d) => d.allowed).length, 25);
});
