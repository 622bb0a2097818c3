import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMetrics } from './create-metrics.js';
import { DEFAULT_METRIC_FAMILIES, METRICS, SPAN_ATTRIBUTES } from './names.js';

describe('createMetrics', () => {
  it('exposes only metrics declared in names.ts', async () => {
    const metrics = createMetrics({ service: 'users' });
    const declared = new Set<string>(Object.values(METRICS).map((metric) => metric.name));
    const exposed = (await metrics.registry.getMetricsAsJSON()).map((metric) => metric.name);
    assert.ok(exposed.length > declared.size, 'process metrics are collected too');
    for (const name of exposed) {
      const known = declared.has(name) || DEFAULT_METRIC_FAMILIES.some((family) => name.startsWith(family));
      assert.ok(known, `${name} is exposed but not declared in names.ts`);
    }
    for (const name of declared) assert.ok(exposed.includes(name), `${name} is declared but not registered`);
  });

  it('declares only orrery_-prefixed metrics and orrery.-prefixed span attributes', () => {
    for (const metric of Object.values(METRICS)) {
      assert.match(metric.name, /^orrery_[a-z0-9_]+$/);
      if (metric.unit === 'seconds') assert.match(metric.name, /_seconds$/);
    }
    for (const name of Object.values(SPAN_ATTRIBUTES)) assert.match(name, /^orrery\.[a-z0-9_.]+$/);
  });

  it('labels every series with the service and records RED observations', async () => {
    const metrics = createMetrics({ service: 'orders', processMetrics: false });
    metrics.rpcServerDuration.observe(
      { rpc_service: 'orders.v1.Orders', rpc_method: 'Get', rpc_code: 'OK' },
      0.02,
    );
    metrics.dbQueryDuration.observe({ shard: '1', operation: 'select' }, 0.003);
    const text = await metrics.registry.metrics();
    assert.match(
      text,
      /orrery_rpc_server_duration_seconds_bucket\{le="0.025",service="orders",rpc_service="orders.v1.Orders",rpc_method="Get",rpc_code="OK"\} 1/,
    );
    assert.match(
      text,
      /orrery_db_query_duration_seconds_bucket\{le="0.005",service="orders",shard="1",operation="select"\} 1/,
    );
    assert.match(text, /# TYPE orrery_http_server_duration_seconds histogram/);
  });

  it('gives each service its own registry', async () => {
    const a = createMetrics({ service: 'a', processMetrics: false });
    const b = createMetrics({ service: 'b', processMetrics: false });
    a.httpServerDuration.observe({ route: '/v1/x', method: 'GET', status_code: '200' }, 0.1);
    assert.doesNotMatch(await b.registry.metrics(), /route="\/v1\/x"/);
  });

  it('rejects an empty service name', () => {
    assert.throws(() => createMetrics({ service: ' ' }), /service must be a non-empty name/);
  });
});
