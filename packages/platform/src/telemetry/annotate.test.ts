import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { addActiveSpanEvent, annotateActiveSpan } from './annotate.js';
import { startTelemetry, type Telemetry } from './start-telemetry.js';
import { withSpan } from './with-span.js';

describe('annotateActiveSpan and addActiveSpanEvent', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  before(() => {
    telemetry = startTelemetry({
      serviceName: 'annotate-test',
      serviceVersion: '0.0.0',
      esmHooks: false,
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    });
  });
  after(() => telemetry.shutdown());

  it('put attributes and events on the active span', async () => {
    exporter.reset();
    await withSpan('call upstreams', {}, () => {
      annotateActiveSpan({ 'orrery.order.id': 'o-1' });
      addActiveSpanEvent('orrery.upstream.call', { 'orrery.upstream': 'users' });
      addActiveSpanEvent('orrery.upstream.call', () => ({ 'orrery.upstream': 'orders' }));
    });
    const [span] = exporter.getFinishedSpans();
    assert.equal(span?.attributes['orrery.order.id'], 'o-1');
    assert.deepEqual(
      span?.events.map((event) => event.attributes?.['orrery.upstream']),
      ['users', 'orders'],
    );
  });

  it('do nothing, and build no attributes, without a recording span', () => {
    let built = 0;
    annotateActiveSpan({ 'orrery.order.id': 'o-2' });
    addActiveSpanEvent('orrery.upstream.call', () => {
      built++;
      return {};
    });
    assert.equal(built, 0);
  });
});
