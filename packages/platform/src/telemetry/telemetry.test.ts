import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from './start-telemetry.js';
import { extractTraceContext, injectTraceHeaders } from './trace-headers.js';
import { withSpan } from './with-span.js';

/** A fake OTLP collector on 127.0.0.1 that records what reaches it. */
let collector: Server;
let collectorUrl: string;
const received: { url: string; body: Buffer }[] = [];

before(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  collectorUrl = `http://127.0.0.1:${(collector.address() as AddressInfo).port}`;
});

after(() => {
  collector.close();
});

class Declined extends Error {
  readonly code = 'CARD_DECLINED';
}

describe('startTelemetry', () => {
  it('without an endpoint makes real spans but exports nothing, even with OTEL_* variables set', async () => {
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = collectorUrl;
    process.env.OTEL_TRACES_EXPORTER = 'otlp';
    try {
      const telemetry = startTelemetry({ serviceName: 'test', serviceVersion: '0.0.0', esmHooks: false });
      const traceId = await withSpan('quiet', {}, (span) => span.spanContext().traceId);
      assert.match(traceId, /^[0-9a-f]{32}$/);
      assert.notEqual(traceId, '0'.repeat(32));
      await telemetry.shutdown();
      assert.equal(received.length, 0);
    } finally {
      delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
      delete process.env.OTEL_TRACES_EXPORTER;
    }
  });

  it('with an endpoint exports spans over OTLP/HTTP on shutdown', async () => {
    const telemetry = startTelemetry({
      serviceName: 'test',
      serviceVersion: '0.0.0',
      esmHooks: false,
      otlpEndpoint: `${collectorUrl}/`,
    });
    await withSpan('exported-span', {}, () => 'done');
    await telemetry.shutdown();
    assert.equal(received.length, 1);
    assert.equal(received[0]?.url, '/v1/traces');
    assert.ok(received[0]?.body.includes('exported-span'));
  });
});

describe('startTelemetry resource', () => {
  it('adds OTEL_RESOURCE_ATTRIBUTES to every span, but keeps its own service.name', async () => {
    process.env.OTEL_RESOURCE_ATTRIBUTES = 'k8s.pod.name=orders-7d9f-x2,service.name=impostor';
    process.env.OTEL_SERVICE_NAME = 'impostor';
    const exporter = new InMemorySpanExporter();
    let telemetry: ReturnType<typeof startTelemetry> | undefined;
    try {
      telemetry = startTelemetry({
        serviceName: 'orders',
        serviceVersion: '0.0.0',
        esmHooks: false,
        spanProcessors: [new SimpleSpanProcessor(exporter)],
      });
      await withSpan('resourceful', {}, () => undefined);
    } finally {
      delete process.env.OTEL_RESOURCE_ATTRIBUTES;
      delete process.env.OTEL_SERVICE_NAME;
    }
    const [span] = exporter.getFinishedSpans(); // before shutdown, which empties the in-memory exporter
    await telemetry.shutdown();
    assert.equal(span?.resource.attributes['k8s.pod.name'], 'orders-7d9f-x2');
    assert.equal(span?.resource.attributes['service.name'], 'orders');
  });
});

describe('withSpan and Kafka trace headers', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: ReturnType<typeof startTelemetry>;
  before(() => {
    telemetry = startTelemetry({
      serviceName: 'test',
      serviceVersion: '0.0.0',
      esmHooks: false,
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  });
  after(() => telemetry.shutdown());

  it('records the exception, ERROR status and error.type, then rethrows', async () => {
    exporter.reset();
    await assert.rejects(
      withSpan('charge', { 'orrery.order.id': 'o-1' }, async () => {
        throw new Declined('declined by issuer');
      }),
      Declined,
    );
    const [span] = exporter.getFinishedSpans();
    assert.ok(span);
    assert.equal(span.name, 'charge');
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.status.message, 'declined by issuer');
    assert.equal(span.attributes['error.type'], 'CARD_DECLINED');
    assert.equal(span.attributes['orrery.order.id'], 'o-1');
    assert.equal(span.events[0]?.name, 'exception');
  });

  it('leaves a successful span unset and returns the value', async () => {
    exporter.reset();
    assert.equal(await withSpan('ok', {}, () => 42), 42);
    assert.equal(exporter.getFinishedSpans()[0]?.status.code, SpanStatusCode.UNSET);
  });

  it('carries trace context through message headers', async () => {
    const headers = await withSpan('produce', {}, (span) => {
      const written = injectTraceHeaders({ 'event-type': 'x' });
      assert.match(
        String(written.traceparent),
        new RegExp(`^00-${span.spanContext().traceId}-[0-9a-f]{16}-01$`),
      );
      return written;
    });
    const producedTraceId = String(headers.traceparent).split('-')[1];
    // kafkajs delivers header values as Buffers
    const delivered = { traceparent: Buffer.from(String(headers.traceparent)) };
    const consumed = context.with(extractTraceContext(delivered), () =>
      withSpan('consume', {}, (span) => span.spanContext().traceId),
    );
    assert.equal(await consumed, producedTraceId);
    assert.equal(trace.getSpanContext(extractTraceContext({})), undefined);
    assert.deepEqual(injectTraceHeaders({}), {});
  });
});
