/**
 * Test fixture (not exported), loaded with `node --import`: starts telemetry the way a service's
 * instrument.ts does, collecting finished span names in `globalThis.__orrerySpans`.
 */
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from './start-telemetry.js';

const names: string[] = [];
(globalThis as { __orrerySpans?: string[] }).__orrerySpans = names;
const exporter: SpanExporter = {
  export(spans: ReadableSpan[], done) {
    names.push(...spans.map((span) => span.name));
    done({ code: 0 });
  },
  shutdown: async () => {},
};
startTelemetry({
  serviceName: 'esm-fixture',
  serviceVersion: '0.0.0',
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});
