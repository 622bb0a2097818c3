// The gateway and users under faults and limits, end to end: the users cache with its Redis stopped and
// started, the rate limiter's 429s and refill, and the circuit breaker with the users service killed.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertProblem, gatewayKit } from '../support/gateway-accounts.js';
import { type ApiResponse, eventually, sampleSum } from '../support/http.js';
import { startTestPlatform, type TestPlatform } from '../support/local-platform.js';
import { type PrivateRedis, privateRedis } from '../support/private-redis.js';

let platform: TestPlatform;
let usersRedis: PrivateRedis;
let kit: ReturnType<typeof gatewayKit>;

before(async () => {
  usersRedis = await privateRedis();
  platform = await startTestPlatform({
    users: { ORRERY_REDIS_URL: usersRedis.url },
    gateway: {
      ORRERY_RATE_LIMIT_AUTH_IP: '1000/1s',
      ORRERY_RATE_LIMIT_ANONYMOUS_IP: '3/2s',
      ORRERY_BREAKER_THRESHOLD: '3',
      ORRERY_BREAKER_HALF_OPEN_AFTER: '1s',
    },
  });
  kit = gatewayKit(platform);
});
after(async () => {
  await platform?.stop();
  await usersRedis?.stop();
});

test('a second read is a cache hit; an update is seen at once; with Redis down reads still work', async () => {
  const user = await kit.signup('cached');
  const owner = await kit.signup('reader');
  const adminAccount = await kit.admin();
  const read = () => kit.api('GET', `/v1/users/${user.id}`, { token: adminAccount.token });
  const hits = async () =>
    sampleSum(await kit.usersMetrics(), 'orrery_cache_requests_total', { result: 'hit' });

  await read(); // fills the cache
  const hitsBefore = await hits();
  assert.equal((await read()).status, 200);
  assert.ok((await hits()) > hitsBefore, 'the second read is a cache hit');

  const patched = await kit.api('PATCH', `/v1/users/${user.id}`, {
    token: user.token,
    json: { displayName: 'fresh' },
  });
  assert.equal(patched.status, 200);
  assert.equal((await read()).body.displayName, 'fresh', 'the read after an update sees the update');

  await usersRedis.stop();
  try {
    const degradedBefore = sampleSum(await kit.usersMetrics(), 'orrery_cache_degraded_reads_total');
    for (let i = 0; i < 3; i++) assert.equal((await read()).status, 200);
    assert.equal((await kit.api('GET', '/v1/users/me', { token: owner.token })).status, 200);
    const degradedAfter = sampleSum(await kit.usersMetrics(), 'orrery_cache_degraded_reads_total');
    assert.ok(
      degradedAfter >= degradedBefore + 3,
      `degraded reads counted (${degradedBefore} → ${degradedAfter})`,
    );
    // an update while Redis is down must not leave the old value behind once it is back
    await kit.api('PATCH', `/v1/users/${user.id}`, {
      token: user.token,
      json: { displayName: 'during outage' },
    });
  } finally {
    await usersRedis.start();
  }
  await eventually('users to reconnect to redis', 15_000, async () => {
    const before = await hits();
    await read();
    await read();
    return (await hits()) > before;
  });
  assert.equal((await read()).body.displayName, 'during outage');
});

test('rate limit: the request over the limit gets 429 with headers, and the bucket refills', async () => {
  const answers: ApiResponse[] = [];
  for (let i = 0; i < 4; i++) answers.push(await kit.api('GET', '/v1/products'));
  assert.deepEqual(
    answers.map((a) => a.status),
    [200, 200, 200, 429],
  );
  const limited = answers[3] as ApiResponse;
  assertProblem(limited, 429, 'rate-limited');
  assert.match(limited.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  assert.equal(limited.headers.get('ratelimit-limit'), '3');
  assert.equal(limited.headers.get('ratelimit-remaining'), '0');
  assert.match(limited.headers.get('ratelimit-policy') ?? '', /^3;w=2;burst=3$/);
  assert.equal((answers[0] as ApiResponse).headers.get('ratelimit-remaining'), '2');
  await eventually(
    'the bucket to refill',
    5000,
    async () => (await kit.api('GET', '/v1/products')).status === 200,
  );
  assert.ok(
    sampleSum(await kit.gatewayMetrics(), 'orrery_rate_limit_decisions_total', { decision: 'limited' }) >= 1,
  );
});

test('breaker: with users stopped the gateway answers 503 fast once it opens, and recovers', async () => {
  const user = await kit.signup('breaker');
  await platform.services.stopService('users', { kill: true });
  try {
    const seen: string[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await kit.api('GET', '/v1/users/me', { token: user.token });
      assert.equal(response.status, 503, JSON.stringify(response.body));
      seen.push(response.body.type);
    }
    assert.equal(seen.at(-1), '/problems/upstream-circuit-open', seen.join(', '));
    const metrics = await kit.gatewayMetrics();
    assert.equal(sampleSum(metrics, 'orrery_circuit_breaker_state', { breaker: 'users' }), 2, 'open');
    assert.ok(
      sampleSum(metrics, 'orrery_retry_attempts_total', { target: 'users' }) >= 1,
      'reads were retried',
    );
  } finally {
    await platform.services.startService('users');
  }
  await eventually('the breaker to close again', 20_000, async () => {
    return (await kit.api('GET', '/v1/users/me', { token: user.token })).status === 200;
  });
  assert.equal(
    sampleSum(await kit.gatewayMetrics(), 'orrery_circuit_breaker_state', { breaker: 'users' }),
    0,
  );
});
