import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createMetrics } from '../metrics/index.js';
import { type AdminServer, startAdminServer } from './admin-server.js';
import { Readiness, type ReadinessReport } from './readiness.js';

describe('admin server', () => {
  const readiness = new Readiness();
  const metrics = createMetrics({ service: 'admin-test' });
  let server: AdminServer;
  let base: string;
  let redisUp = true;

  before(async () => {
    readiness
      .add('postgres', async () => {})
      .add('redis', async () => {
        if (!redisUp) throw new Error('connect ECONNREFUSED redis://:pw@127.0.0.1:1');
      })
      .add(
        'kafka',
        (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
        {
          timeoutMs: 50,
        },
      );
    server = await startAdminServer({
      host: '127.0.0.1',
      port: 0,
      registry: metrics.registry,
      readiness,
      logger: pino({ level: 'silent' }),
    });
    base = `http://127.0.0.1:${server.port}`;
  });
  after(() => server.close());

  it('GET /healthz is 200 without consulting any dependency', async () => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { status: 'ok' });
  });

  it('GET /readyz runs all checks in parallel, each with its own timeout, and reports each', async () => {
    redisUp = false;
    const started = Date.now();
    const res = await fetch(`${base}/readyz`);
    assert.equal(res.status, 503);
    const report = (await res.json()) as ReadinessReport;
    assert.ok(Date.now() - started < 1500);
    assert.equal(report.status, 'not_ready');
    const byName = Object.fromEntries(report.checks.map((check) => [check.name, check]));
    assert.equal(byName.postgres?.ok, true);
    assert.equal(byName.redis?.ok, false);
    assert.equal(byName.redis?.error, 'connect ECONNREFUSED redis://:***@127.0.0.1:1');
    assert.equal(byName.kafka?.ok, false);
    assert.equal(byName.kafka?.error, 'timed out after 50 ms');
    assert.ok((byName.kafka?.durationMs ?? 0) >= 45);
  });

  it('GET /readyz is 200 when every check passes', async () => {
    const ready = new Readiness().add('a', async () => {});
    const report = await ready.run();
    assert.deepEqual(
      report.checks.map(({ name, ok }) => ({ name, ok })),
      [{ name: 'a', ok: true }],
    );
    assert.equal(report.ready, true);
  });

  it('GET /metrics serves Prometheus text', async () => {
    const res = await fetch(`${base}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await res.text();
    assert.match(text, /# TYPE orrery_rpc_server_duration_seconds histogram/);
    assert.match(text, /orrery_process_cpu_user_seconds_total\{service="admin-test"\}/);
  });

  it('404 for unknown paths, 405 for other methods', async () => {
    assert.equal((await fetch(`${base}/nope`)).status, 404);
    const res = await fetch(`${base}/healthz`, { method: 'POST' });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
  });

  it('once shutting down: /readyz and /healthz are 503', async () => {
    readiness.markShuttingDown();
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 503);
    assert.equal(((await ready.json()) as ReadinessReport).status, 'shutting_down');
    assert.equal((await fetch(`${base}/healthz`)).status, 503);
  });

  it('rejects duplicate check names', () => {
    assert.throws(() => new Readiness().add('x', async () => {}).add('x', async () => {}), /"x" exists/);
  });
});
