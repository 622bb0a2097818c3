import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry, type Telemetry } from '../telemetry/index.js';
import { endPublishSpans, startPublishSpan } from './publish-spans.js';

const WRITER = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const row = (traceparent: string | null) => ({
  event_id: '6f1c3c8e-7f57-4d5e-9a51-5d0c1b1f2a10',
  topic: 'orrery.orders.v1',
  key: 'user-1',
  event_type: 'orrery.events.v1.OrderCreated',
  traceparent,
});

describe('outbox publish spans', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  before(() => {
    telemetry = startTelemetry({
      serviceName: 'publish-spans-test',
      serviceVersion: '0.0.0',
      esmHooks: false,
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  });
  after(() => telemetry.shutdown());

  it('sends each row in a PRODUCER span under its writer’s trace and hands on that span’s context', () => {
    exporter.reset();
    const { span, traceparent } = startPublishSpan(row(WRITER), 1);
    endPublishSpans([span]);
    const [sent] = exporter.getFinishedSpans();
    assert.ok(sent);
    assert.equal(sent.name, 'send orrery.orders.v1');
    assert.equal(sent.kind, SpanKind.PRODUCER);
    assert.equal(sent.spanContext().traceId, '0af7651916cd43dd8448eb211c80319c');
    assert.equal(sent.parentSpanContext?.spanId, 'b7ad6b7169203331');
    assert.equal(traceparent, `00-${sent.spanContext().traceId}-${sent.spanContext().spanId}-01`);
    assert.equal(sent.attributes['orrery.shard'], 1);
    assert.equal(sent.attributes['orrery.event.type'], 'orrery.events.v1.OrderCreated');
    assert.equal(sent.status.code, SpanStatusCode.UNSET);
  });

  it('marks every span of a failed send as an error', () => {
    exporter.reset();
    const spans = [startPublishSpan(row(WRITER), 0).span, startPublishSpan(row(WRITER), 0).span];
    endPublishSpans(spans, new Error('broker down'));
    const finished = exporter.getFinishedSpans();
    assert.equal(finished.length, 2);
    for (const span of finished) {
      assert.equal(span.status.code, SpanStatusCode.ERROR);
      assert.equal(span.events[0]?.name, 'exception');
    }
  });

  it('leaves an untraced row untraced, and an unsampled writer unsampled', () => {
    exporter.reset();
    assert.deepEqual(startPublishSpan(row(null), 0), { span: undefined, traceparent: undefined });
    const unsampled = startPublishSpan(row(WRITER.replace(/-01$/, '-00')), 0);
    endPublishSpans([unsampled.span]);
    assert.match(unsampled.traceparent ?? '', /^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-00$/);
    assert.equal(exporter.getFinishedSpans().length, 0);
  });
});
