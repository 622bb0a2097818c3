// One trace per user request, end to end: the four services export to a local OTLP receiver; a card
// is tokenized and an order placed through the gateway (each under a traceparent the test chose), and
// the order's trace must cover gateway → users/payments/orders (gRPC) → Kafka → payments → Kafka →
// orders as one connected tree, with pg and Redis spans, the domain attributes, log lines carrying
// its ids, and no card data anywhere in any span.
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { gatewayKit } from '../support/gateway-accounts.js';
import { eventually } from '../support/http.js';
import { startTestPlatform, type TestPlatform } from '../support/local-platform.js';
import {
  type OtlpReceiver,
  type ReceivedSpan,
  SPAN_KIND,
  startOtlpReceiver,
} from '../support/otlp-receiver.js';

const CARD = { number: '4242424242424242', expMonth: 11, expYear: new Date().getFullYear() + 3, cvc: '737' };

let receiver: OtlpReceiver;
let platform: TestPlatform;
let kit: ReturnType<typeof gatewayKit>;

before(async () => {
  receiver = await startOtlpReceiver();
  const exporting = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
  platform = await startTestPlatform({
    gateway: { ...exporting, ORRERY_RATE_LIMIT_USER: '1000/1s', ORRERY_RATE_LIMIT_AUTH_IP: '1000/1s' },
    users: exporting,
    orders: { ...exporting, ORRERY_LOG_LEVEL: 'info' },
    payments: { ...exporting, ORRERY_LOG_LEVEL: 'info' },
  });
  kit = gatewayKit(platform);
});
after(async () => {
  await platform?.stop();
  await receiver?.close();
});

/** A traceparent for a request the test starts: a fresh sampled trace with a made-up parent span. */
function newTrace(): { traceId: string; rootSpanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const rootSpanId = randomBytes(8).toString('hex');
  return { traceId, rootSpanId, traceparent: `00-${traceId}-${rootSpanId}-01` };
}

const spansOf = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
const describeSpans = (spans: readonly ReceivedSpan[]) =>
  spans.map((s) => `${s.service}:${s.name}(kind ${s.kind})`).join(', ');

/** The producer span of `topic` in `spans` and the consumer span parented on it. */
function kafkaHop(spans: readonly ReceivedSpan[], topic: string, producer: string, consumer: string) {
  const sent = spans.find(
    (s) => s.service === producer && s.kind === SPAN_KIND.producer && s.name === `send ${topic}`,
  );
  const processed = spans.find(
    (s) => s.service === consumer && s.kind === SPAN_KIND.consumer && s.name === `process ${topic}`,
  );
  return { sent, processed };
}

test('one trace covers the order saga across all four services and both Kafka hops', async () => {
  const { token } = await kit.signup('tracer');

  const cardTrace = newTrace();
  const tokenized = await kit.api('POST', '/v1/payment-methods', {
    token,
    headers: { traceparent: cardTrace.traceparent },
    json: CARD,
  });
  assert.equal(tokenized.status, 201, JSON.stringify(tokenized.body));

  const orderTrace = newTrace();
  const placed = await kit.api('POST', '/v1/orders', {
    token,
    headers: { traceparent: orderTrace.traceparent, 'idempotency-key': randomUUID() },
    json: { items: [{ productId: 'star-atlas', quantity: 1 }], paymentToken: tokenized.body.token },
  });
  assert.equal(placed.status, 201, JSON.stringify(placed.body));
  const orderId: string = placed.body.id;
  await eventually(`order ${orderId} PAID`, 60_000, async () => {
    const got = await kit.api('GET', `/v1/orders/${orderId}`, { token });
    return got.status === 200 && got.body.status === 'PAID';
  });

  // the last span of the saga: orders handling the payment result
  await eventually('the whole saga exported', 30_000, async () =>
    spansOf(orderTrace.traceId).some(
      (s) => s.service === 'orders' && s.name === 'process orrery.payments.v1',
    ),
  ).catch((error: unknown) => {
    const byService = new Map<string, number>();
    for (const span of receiver.spans) byService.set(span.service, (byService.get(span.service) ?? 0) + 1);
    const others = receiver.spans
      .filter((s) => s.service !== 'gateway')
      .slice(0, 15)
      .map((s) => `${s.service}:${s.name}:${s.traceId.slice(0, 6)}<-${s.parentSpanId}`);
    throw new Error(
      `${error}; spans of the trace: ${describeSpans(spansOf(orderTrace.traceId))}; all spans by service: ${JSON.stringify([...byService])}; others: ${others.join(', ')}; rejected: ${receiver.rejected.join(', ')}`,
    );
  });
  await new Promise((resolve) => setTimeout(resolve, 1500)); // stragglers of the same export rounds
  const spans = spansOf(orderTrace.traceId);
  const summary = describeSpans(spans);
  assert.deepEqual(receiver.rejected, [], 'every export was OTLP/JSON on /v1/traces');

  // all four services, in one trace
  const services = new Set(spans.map((s) => s.service));
  for (const service of ['gateway', 'users', 'orders', 'payments']) {
    assert.ok(services.has(service), `${service} is in the order's trace: ${summary}`);
  }

  // one connected tree under the caller's span: no span hangs off a parent outside the trace
  const ids = new Set(spans.map((s) => s.spanId));
  const entry = spans.filter((s) => s.parentSpanId === orderTrace.rootSpanId);
  assert.equal(entry.length, 1, `one span continues the caller's traceparent: ${summary}`);
  assert.equal(entry[0]?.service, 'gateway');
  assert.equal(entry[0]?.kind, SPAN_KIND.server);
  for (const span of spans) {
    if (span === entry[0]) continue;
    assert.ok(ids.has(span.parentSpanId), `${span.service}:${span.name} has its parent in the trace`);
  }

  // gRPC client spans in the gateway, server spans in users, payments and orders
  const grpcServers = spans.filter(
    (s) => s.kind === SPAN_KIND.server && s.attributes['rpc.system'] === 'grpc',
  );
  for (const [service, method] of [
    ['users', 'GetUser'],
    ['payments', 'GetPaymentMethod'],
    ['orders', 'CreateOrder'],
  ]) {
    const server = grpcServers.find((s) => s.service === service && s.name.endsWith(`/${method}`));
    assert.ok(server, `${service} ${method} server span: ${summary}`);
    const client = spans.find((s) => s.spanId === server.parentSpanId);
    assert.equal(client?.service, 'gateway', `${method} is called by the gateway`);
    assert.equal(client?.kind, SPAN_KIND.client);
  }

  // both Kafka hops: the consumer span is a child of the relay's producer span
  for (const [topic, producer, consumer] of [
    ['orrery.orders.v1', 'orders', 'payments'],
    ['orrery.payments.v1', 'payments', 'orders'],
  ] as const) {
    const { sent, processed } = kafkaHop(spans, topic, producer, consumer);
    assert.ok(sent, `${producer} sends on ${topic}: ${summary}`);
    assert.ok(processed, `${consumer} processes ${topic}: ${summary}`);
    assert.equal(processed.parentSpanId, sent.spanId, `${topic}: consumer parented on the producer span`);
    assert.equal(processed.attributes['orrery.consume.outcome'], 'processed');
    assert.equal(typeof sent.attributes['orrery.shard'], 'number');
  }
  assert.equal(
    receiver.spans.filter((s) => s.name.startsWith('poll ')).length,
    0,
    'no trace of its own per consumed batch',
  );

  // pg and Redis spans inside, pg ones with their shard
  const pgSpans = spans.filter(
    (s) => s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql',
  );
  assert.ok(pgSpans.length > 0, `pg spans: ${summary}`);
  // users answers GetUser from its Redis cache when it can: its pg spans are checked below on a miss
  for (const service of ['orders', 'payments']) {
    const own = pgSpans.filter(
      (s) => s.service === service && s.name !== 'pg-pool.connect' && s.name !== 'pg.connect',
    );
    assert.ok(own.length > 0, `${service} pg query spans`);
    assert.ok(
      own.some((s) => typeof s.attributes['orrery.shard'] === 'number'),
      `${service} pg spans carry orrery.shard: ${JSON.stringify(own.map((s) => s.attributes))}`,
    );
  }
  const redisSpans = spans.filter(
    (s) => s.attributes['db.system'] === 'redis' || s.attributes['db.system.name'] === 'redis',
  );
  assert.ok(
    redisSpans.some((s) => s.service === 'gateway'),
    `gateway Redis spans (rate limit): ${summary}`,
  );
  assert.ok(
    redisSpans.some((s) => s.service === 'users'),
    `users Redis spans (cache): ${summary}`,
  );

  // domain attributes
  const withOrder = (service: string) =>
    spans.filter((s) => s.service === service && s.attributes['orrery.order.id'] === orderId);
  assert.ok(
    withOrder('orders').some((s) => s.name.endsWith('/CreateOrder')),
    'CreateOrder span has the order id',
  );
  assert.ok(
    withOrder('orders').some((s) => s.name === 'process orrery.payments.v1'),
    'orders consumer span has the order id',
  );
  assert.ok(
    withOrder('payments').some((s) => s.name === 'payments.charge_order'),
    'charge span has the order id',
  );
  assert.ok(
    spans.some(
      (s) => s.service === 'users' && ['hit', 'miss'].includes(String(s.attributes['orrery.cache.result'])),
    ),
    'users records the cache result',
  );
  const cacheResult = spans.find(
    (s) => s.service === 'users' && s.attributes['orrery.cache.result'] !== undefined,
  )?.attributes['orrery.cache.result'];
  if (cacheResult === 'miss')
    assert.ok(
      pgSpans.some((s) => s.service === 'users'),
      'a cache miss reads Postgres',
    );
  const upstreamCalls = entry[0]?.events.filter((e) => e.name === 'orrery.upstream.call') ?? [];
  assert.deepEqual(
    upstreamCalls
      .map((e) => `${e.attributes['orrery.upstream']}:${e.attributes['orrery.breaker.state']}`)
      .sort(),
    ['orders:closed', 'payments:closed', 'users:closed'],
  );

  // no card data in any span the platform exported, nor in the tokenize trace in particular
  assert.ok(
    spansOf(cardTrace.traceId).some((s) => s.service === 'payments'),
    'tokenize is traced into payments',
  );
  const everything = JSON.stringify(receiver.spans);
  assert.equal(everything.includes(CARD.number), false, 'the card number is on no span');
  for (const span of receiver.spans) {
    for (const attributes of [span.attributes, ...span.events.map((e) => e.attributes)]) {
      for (const [key, value] of Object.entries(attributes)) {
        assert.doesNotMatch(key, /cvc|cvv|exp_?(month|year)|card_?number|\bpan\b/i, `${span.name}: ${key}`);
        const text = String(value);
        assert.notEqual(text, CARD.cvc, `${span.name}: ${key} holds the CVC`);
        assert.notEqual(text, String(CARD.expYear), `${span.name}: ${key} holds the expiry year`);
        assert.ok(!text.includes(`${CARD.expMonth}/`), `${span.name}: ${key} holds an expiry`);
      }
    }
  }

  // log lines inside the request carry its trace and the ids of a span in it
  const logFile = platform.services.running.find((service) => service.name === 'payments')?.logFile;
  assert.ok(logFile, 'payments runs with a log file');
  const payments = (await readFile(logFile, 'utf8'))
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const charged = payments.filter((line) => line.order_id === orderId);
  assert.ok(charged.length > 0, 'payments logged the charge of the order');
  for (const line of charged) {
    assert.equal(line.trace_id, orderTrace.traceId, `log line in the order's trace: ${JSON.stringify(line)}`);
    assert.ok(ids.has(String(line.span_id)), 'its span_id is a span of the trace');
    assert.equal(line.trace_flags, '01');
  }
});
