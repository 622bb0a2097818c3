// k6 against the four real services on real Postgres, Redis, Kafka and Prometheus: a short load.js run
// with every journey must pass its thresholds with every check passing, leave no order PENDING, write
// the HTML report and land its metrics in Prometheus by remote write; grpc-users.js must pass against
// the users service through server reflection; a threshold that cannot hold must fail the run.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { requireTestEnv } from '@orrery/platform/testing';
import { eventually } from '../support/http.js';
import { type K6Run, runK6, SHORT_LOAD_ENV, stat } from '../support/k6.js';
import { startTestPlatform, type TestPlatform } from '../support/local-platform.js';
import { instantQuery } from '../support/promql.js';
import { queryShards } from '../support/shards.js';

let platform: TestPlatform;
let prometheusUrl: string;
let dir: string;
const testId = `k6-int-${process.pid}-${Date.now().toString(36)}`;

before(async () => {
  prometheusUrl = requireTestEnv('ORRERY_TEST_PROMETHEUS_URL');
  dir = await mkdtemp(join(tmpdir(), 'orrery-k6-test-'));
  platform = await startTestPlatform({
    // k6 signs up its account pool from one IP; the provider takes a little time (as real ones do), so
    // cancelling right after placing an order usually wins the race against the payment
    gateway: { ORRERY_RATE_LIMIT_AUTH_IP: '1000/1s' },
    payments: { ORRERY_PROVIDER_LATENCY_MS: '100' },
  });
});
after(async () => {
  await platform?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The end of k6's output, for assertion messages. */
const tail = (run: K6Run) => run.output.slice(-3000);

test('load.js, short: every journey, thresholds pass, all orders terminal, report and remote write', async (t) => {
  const reportFile = join(dir, 'load.html');
  const run = await runK6('load', {
    baseUrl: platform.baseUrl,
    prometheusUrl,
    reportFile,
    env: {
      ...SHORT_LOAD_ENV,
      ORRERY_K6_HOLD: '20s',
      ORRERY_K6_TESTID: testId,
      // the thresholds themselves are under test here, not the platform's speed on a shared 2-core
      // machine (that is the benchmark's job): latency limits with room for a busy box
      ORRERY_K6_P95_MS: '1500',
      ORRERY_K6_P99_MS: '4000',
      ORRERY_K6_SAGA_P95_MS: '6000',
    },
    timeoutMs: 180_000,
  });
  assert.equal(run.exitCode, 0, tail(run));
  const { summary } = run;
  assert.equal(stat(summary, 'checks', 'value'), 1, tail(run));
  assert.equal(stat(summary, 'checks', 'fails'), 0);
  assert.equal(stat(summary, 'http_req_failed', 'value'), 0, 'no unexpected HTTP status');

  const count = (metric: string) => stat(summary, metric, 'count') ?? 0;
  const placed = count('orrery_orders_placed');
  t.diagnostic(
    `requests ${count('http_reqs')}, orders placed ${placed} (paid ${count('orrery_orders_paid')}, ` +
      `failed ${count('orrery_orders_failed')}, cancelled ${count('orrery_orders_cancelled')}, ` +
      `replayed ${count('orrery_orders_replayed')}), http p95 ${stat(summary, 'http_req_duration', 'p(95)')} ms, ` +
      `saga p95 ${stat(summary, 'orrery_saga_completion', 'p(95)')} ms`,
  );
  assert.ok(placed >= 20, `orders placed: ${placed}`);
  for (const metric of ['orrery_orders_paid', 'orrery_orders_failed', 'orrery_orders_replayed']) {
    assert.ok(count(metric) > 0, `${metric}: ${count(metric)}`);
  }
  assert.equal(
    count('orrery_orders_paid') + count('orrery_orders_failed') + count('orrery_orders_cancelled'),
    placed,
    'every placed order was seen terminal',
  );
  assert.equal(stat(summary, 'orrery_saga_terminal_in_time', 'value'), 1);
  assert.ok((stat(summary, 'orrery_saga_completion', 'p(95)') ?? 0) > 0);

  // every journey ran: a request of each kind was made
  const urls = await httpRequestNames();
  for (const name of [
    'POST /v1/auth/signup',
    'POST /v1/auth/login',
    'GET /v1/users/me',
    'GET /v1/products',
    'POST /v1/payment-methods',
    'POST /v1/orders',
    'GET /v1/orders/{id}',
    'POST /v1/orders/{id}/cancel',
    'GET /v1/orders',
  ]) {
    assert.ok(urls.has(name), `no ${name} in Prometheus (saw ${[...urls].join(', ')})`);
  }

  // the database agrees: nothing left PENDING, and the cancelled share exists
  const rows = await queryShards<{ status: string; n: string }>(
    platform.databases.orders.urls,
    'SELECT status, count(*) AS n FROM orders GROUP BY status',
  );
  const byStatus = new Map<string, number>();
  for (const row of rows) byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + Number(row.n));
  assert.equal(byStatus.get('PENDING') ?? 0, 0, JSON.stringify([...byStatus]));
  assert.equal(
    [...byStatus.values()].reduce((a, b) => a + b, 0),
    placed,
  );
  assert.ok((byStatus.get('CANCELLED') ?? 0) > 0, JSON.stringify([...byStatus]));

  const report = await readFile(reportFile, 'utf8');
  assert.match(report, /<html/i);
  assert.ok(report.length > 10_000, 'the report is the full self-contained page');

  // remote write: k6's own and the journeys' metrics, tagged with this run
  await eventually('k6 metrics in Prometheus', 30_000, async () => {
    const reqs = await instantQuery(prometheusUrl, `sum(k6_http_reqs_total{testid="${testId}"})`);
    const saga = await instantQuery(prometheusUrl, `k6_orrery_saga_completion_p95{testid="${testId}"}`);
    return (reqs[0]?.value ?? 0) > 0 && saga.length > 0;
  });
});

/** The `name` tags of k6_http_reqs_total for this run. */
async function httpRequestNames(): Promise<Set<string>> {
  let names = new Set<string>();
  await eventually('k6_http_reqs_total by name', 30_000, async () => {
    const result = await instantQuery(
      prometheusUrl,
      `sum by (name) (k6_http_reqs_total{testid="${testId}"})`,
    );
    names = new Set(result.map((series) => series.metric.name ?? ''));
    return names.size >= 9;
  }).catch(() => {});
  return names;
}

test('grpc-users.js: GetUser, access control and AuthenticateUser through server reflection', async () => {
  const run = await runK6('grpc-users', {
    baseUrl: platform.baseUrl,
    grpcAddr: `127.0.0.1:${platform.ports.usersGrpc}`,
    env: { ORRERY_K6_RATE: '20', ORRERY_K6_HOLD: '10s', ORRERY_K6_USERS: '3' },
    timeoutMs: 120_000,
  });
  assert.equal(run.exitCode, 0, tail(run));
  assert.equal(stat(run.summary, 'checks', 'value'), 1, tail(run));
  assert.ok((stat(run.summary, 'grpc_req_duration', 'p(99)') ?? 0) > 0);
  assert.ok((stat(run.summary, 'iterations', 'count') ?? 0) >= 150, tail(run));
});

test('a threshold that cannot hold fails the run (exit 99); an unknown scenario is refused', async () => {
  const run = await runK6('load', {
    baseUrl: platform.baseUrl,
    env: {
      ORRERY_K6_RATE: '2',
      ORRERY_K6_RAMP: '2s',
      ORRERY_K6_HOLD: '3s',
      ORRERY_K6_RAMP_DOWN: '1s',
      ORRERY_K6_USERS: '1',
      ORRERY_K6_AUTH_RATE: '0',
      ORRERY_K6_SAGA_P95_MS: '1',
    },
    timeoutMs: 120_000,
  });
  assert.equal(run.exitCode, 99, tail(run));
  assert.equal(run.summary.metrics.orrery_saga_completion?.thresholds?.['p(95)<1'], true, 'marked failed');
  await assert.rejects(
    runK6('nope', { baseUrl: platform.baseUrl }),
    /unknown k6 scenario "nope".*smoke, load/,
  );
});
