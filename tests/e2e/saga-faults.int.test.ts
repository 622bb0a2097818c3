// The order saga under faults, proven with the invariant checker on every shard: a payment provider
// failing half of its calls (retries, the breaker opening and closing again), and kill -9 of the orders
// replica that leads a shard's outbox relay while orders are being placed (another replica takes over).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { type ApiResponse, eventually, metricsText, sampleSum } from '../support/http.js';
import { assertSagaInvariants, formatSagaReport, settledSagaReport } from '../support/invariants.js';
import { type OrdersInstance, startTestPlatform } from '../support/local-platform.js';
import { CARDS, type Shopper, sagaKit } from '../support/saga-kit.js';

const RATE_LIMITS = { ORRERY_RATE_LIMIT_USER: '10000/1s:10000', ORRERY_RATE_LIMIT_AUTH_IP: '1000/1s' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('provider failing 50 % of calls: retries, the breaker opens and closes again, every order ends', async (t) => {
  const platform = await startTestPlatform({
    gateway: RATE_LIMITS,
    payments: {
      ORRERY_PROVIDER_FAILURE_RATE: '0.5',
      ORRERY_PROVIDER_LATENCY_MS: '10',
      // 3 consecutive failed attempts open it (at 50 % that happens within a few orders); 1 s later a
      // trial call either closes it or opens it again
      ORRERY_PROVIDER_BREAKER_THRESHOLD: '3',
      ORRERY_PROVIDER_BREAKER_HALF_OPEN_AFTER: '1s',
    },
  });
  t.after(() => platform.stop());
  const kit = sagaKit(platform);
  const paymentsMetrics = () => metricsText(platform.ports.paymentsAdmin);
  const transitions = async (to: string) =>
    sampleSum(await paymentsMetrics(), 'orrery_payment_provider_breaker_transitions_total', { to });

  const buyers = await Promise.all(Array.from({ length: 6 }, () => kit.shopper()));
  const cards = await Promise.all(buyers.map((buyer) => kit.card(buyer.token, CARDS.succeeds)));
  const placed: string[] = [];
  const placeRound = async () => {
    const answers = await Promise.all(
      buyers.slice(0, 5).map((buyer, i) => kit.order(buyer.token, cards[i] as string)),
    );
    for (const answer of answers) {
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      placed.push(answer.body.id);
    }
  };
  // 60 orders in rounds of 5, paced so that an open breaker sees trial calls again after its pause
  for (let round = 0; round < 12; round++) {
    await placeRound();
    await sleep(400);
  }
  // failures go on at 50 %, so the breaker may be open again right now: keep ordering (bounded) until it
  // has closed after opening at least once
  const deadline = Date.now() + 45_000;
  while (!((await transitions('open')) >= 1 && (await transitions('closed')) >= 1) && Date.now() < deadline) {
    await placeRound();
    await sleep(400);
  }

  const report = await settledSagaReport(kit.databases, { orderIds: placed, timeoutMs: 90_000 });
  console.log(`[provider 50 %] ${placed.length} orders\n${formatSagaReport(report)}`);
  assertSagaInvariants(report);
  assert.equal(report.orders.total, placed.length, 'no order lost');
  assert.ok(report.orders.PAID > 0, 'some orders were paid despite the failures');
  assert.ok(report.orders.FAILED > 0, 'some orders failed while the breaker was open or retries ran out');
  const reasons = await kit.query<{ failure_reason: string }>(
    'orders',
    `SELECT DISTINCT failure_reason FROM orders WHERE status = 'FAILED' AND id::text = ANY($1)`,
    [placed],
  );
  assert.deepEqual(
    [...new Set(reasons.map((row) => row.failure_reason))],
    ['payment provider unavailable'],
    'the success card fails only for an unavailable provider',
  );

  const text = await paymentsMetrics();
  const retries = sampleSum(text, 'orrery_payment_provider_retries_total');
  const [opened, halfOpened, closed] = [
    sampleSum(text, 'orrery_payment_provider_breaker_transitions_total', { to: 'open' }),
    sampleSum(text, 'orrery_payment_provider_breaker_transitions_total', { to: 'half_open' }),
    sampleSum(text, 'orrery_payment_provider_breaker_transitions_total', { to: 'closed' }),
  ];
  console.log(
    `[provider 50 %] retries ${retries}; breaker opened ${opened}, half-open ${halfOpened}, closed ${closed}`,
  );
  assert.ok(retries > 0, 'transient failures were retried');
  assert.ok(opened >= 1, 'the breaker opened');
  assert.ok(halfOpened >= 1 && closed >= 1, 'the breaker tried again and closed');
  const unavailable = sampleSum(text, 'orrery_payment_charges_total', { outcome: 'provider_unavailable' });
  assert.equal(unavailable, report.orders.FAILED, 'every FAILED order is a provider_unavailable decision');
});

/** Which orders process leads each shard's outbox relay, by scraping every live replica. */
async function leadersByShard(instances: readonly OrdersInstance[]): Promise<Map<string, string[]>> {
  const leaders = new Map<string, string[]>();
  for (const instance of instances) {
    const text = await metricsText(instance.adminPort);
    for (const shard of ['0', '1']) {
      const led = sampleSum(text, 'orrery_outbox_leader', { shard });
      if (led > 0) leaders.set(shard, [...(leaders.get(shard) ?? []), instance.instance]);
    }
  }
  return leaders;
}

test('kill -9 of the orders replica leading a shard’s outbox relay: another leads within seconds, nothing lost', async (t) => {
  const platform = await startTestPlatform(
    { gateway: RATE_LIMITS, payments: { ORRERY_PROVIDER_LATENCY_MS: '5' } },
    { ordersReplicas: 3 },
  );
  t.after(() => platform.stop());
  const kit = sagaKit(platform);
  let live = [...platform.ordersInstances];
  await eventually('one outbox leader per shard across the 3 replicas', 15_000, async () => {
    const leaders = await leadersByShard(live);
    return ['0', '1'].every((shard) => leaders.get(shard)?.length === 1);
  });

  // never two leaders of a shard, sampled all along (replicas are scraped one after another, so a
  // sample showing two is taken again at once: a real double leadership outlasts a scrape)
  let sampling = true;
  let mostLeaders = 0;
  const most = async () =>
    Math.max(0, ...[...(await leadersByShard(live)).values()].map((names) => names.length));
  const sampler = (async () => {
    while (sampling) {
      const seen = await most().catch(() => 0);
      mostLeaders = Math.max(mostLeaders, seen > 1 ? await most().catch(() => seen) : seen);
      await sleep(100);
    }
  })();

  const buyers = await Promise.all(Array.from({ length: 8 }, () => kit.shopper()));
  const cards = await Promise.all(buyers.map((buyer) => kit.card(buyer.token, CARDS.succeeds)));
  const placed: string[] = [];
  let placing = true;
  /** Places one order, retrying with the same idempotency key through the replica's death. */
  const placeOne = async (buyer: Shopper, card: string) => {
    const key = randomUUID();
    let answer: ApiResponse | undefined;
    await eventually('the order to be accepted', 30_000, async () => {
      answer = await kit.order(buyer.token, card, key);
      return answer.status === 200 || answer.status === 201;
    });
    placed.push((answer as ApiResponse).body.id);
  };
  // every buyer orders in a loop of its own, so one order retrying through the kill stalls no other
  await Promise.all(buyers.map((buyer, i) => placeOne(buyer, cards[i] as string))); // warm the channels
  const load = Promise.all(
    buyers.map(async (buyer, i) => {
      while (placing) await placeOne(buyer, cards[i] as string);
    }),
  );

  await sleep(3_000);
  const before = await leadersByShard(live);
  const victim = before.get('0')?.[0];
  assert.ok(victim !== undefined, 'shard 0 has a leader');
  const placedAtKill = placed.length;
  await platform.services.stopService(victim, { kill: true });
  const killedAt = Date.now();
  live = live.filter((instance) => instance.instance !== victim);
  let successor: string | undefined;
  await eventually('a surviving replica to lead shard 0', 15_000, async () => {
    successor = (await leadersByShard(live)).get('0')?.[0];
    return successor !== undefined;
  });
  const takeoverMs = Date.now() - killedAt;
  console.log(
    `[leader kill] killed ${victim} (leader of shard 0); ${successor} leads after ${takeoverMs} ms`,
  );
  assert.ok(takeoverMs < 10_000, `takeover took ${takeoverMs} ms`);

  await sleep(3_000);
  placing = false;
  await load;
  assert.ok(placed.length > placedAtKill, 'orders were placed after the kill');

  const report = await settledSagaReport(kit.databases, { orderIds: placed, timeoutMs: 120_000 });
  console.log(
    `[leader kill] ${placed.length} orders (${placedAtKill} before the kill)\n${formatSagaReport(report)}`,
  );
  assertSagaInvariants(report); // includes: every outbox row published, every order terminal
  assert.equal(report.orders.total, new Set(placed).size, 'no order lost');
  assert.equal(report.orders.PAID, report.orders.total, 'the success card pays every order');
  const after = await leadersByShard(live);
  sampling = false;
  await sampler;
  assert.deepEqual(
    ['0', '1'].map((shard) => after.get(shard)?.length),
    [1, 1],
    'one leader per shard among the survivors',
  );
  assert.equal(mostLeaders, 1, 'never two leaders of one shard at once');
});
