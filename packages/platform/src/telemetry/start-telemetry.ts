import { register } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { orreryInstrumentations } from './instrumentations.js';
import { samplerFor } from './sampler.js';

/** Options for `startTelemetry`. */
export interface TelemetryOptions {
  readonly serviceName: string;
  readonly serviceVersion: string;
  /** OTLP/HTTP base endpoint (e.g. `http://127.0.0.1:4318`); traces go to `<endpoint>/v1/traces`. Unset: no export. */
  readonly otlpEndpoint?: string | undefined;
  /**
   * Register the ESM loader hook so instrumentations also patch modules loaded with `import`
   * (default true). Only modules loaded after this call are patched.
   */
  readonly esmHooks?: boolean;
  /** Extra span processors (tests use an in-memory exporter). */
  readonly spanProcessors?: readonly SpanProcessor[];
}

/** A started SDK. `shutdown` flushes pending spans, then unregisters the global OpenTelemetry API. */
export interface Telemetry {
  shutdown(): Promise<void>;
}

let esmHooksRegistered = false;

/**
 * Starts the OpenTelemetry NodeSDK: W3C trace-context + baggage propagation, instrumentations for
 * http, grpc, pg, ioredis, kafkajs and pino (see `orreryInstrumentations`), and OTLP/HTTP (JSON) trace
 * export only when `otlpEndpoint` is given. Spans are sampled parent-based (`OrrerySampler`).
 * Without an endpoint (and no extra processors) nothing is recorded: spans are non-recording but keep
 * real ids, so logs carry trace ids and context still propagates (unsampled), at almost no cost; no
 * connection is made. Of the `OTEL_*` variables only `OTEL_RESOURCE_ATTRIBUTES` is read (by the SDK's
 * env detector); exporter and sampler variables are ignored on purpose; metrics go through prom-client
 * and logs through stdout.
 *
 * Call it from a service's `instrument.ts`, loaded with `node --import ./dist/instrument.js` or before
 * the rest of the app is imported dynamically, so instrumented libraries load after it.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  if (options.serviceName.trim() === '') throw new Error('startTelemetry: serviceName must be non-empty');
  if ((options.esmHooks ?? true) && !esmHooksRegistered) {
    register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
    esmHooksRegistered = true;
  }
  const processors: SpanProcessor[] = [...(options.spanProcessors ?? [])];
  if (options.otlpEndpoint !== undefined && options.otlpEndpoint !== '') {
    const url = `${options.otlpEndpoint.replace(/\/+$/, '')}/v1/traces`;
    processors.push(
      new BatchSpanProcessor(new OTLPTraceExporter({ url }), {
        // a finished span waits at most 1 s (batches of up to 512 go sooner)
        scheduledDelayMillis: 1000,
      }),
    );
  }
  const recording = processors.length > 0;
  if (!recording) processors.push(new NoopSpanProcessor());

  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.serviceVersion,
    }),
    // OTEL_RESOURCE_ATTRIBUTES (the chart's pod and namespace) joins the resource; service.name stays ours
    autoDetectResources: true,
    resourceDetectors: [envDetector],
    spanProcessors: processors,
    sampler: samplerFor(recording),
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations: orreryInstrumentations(),
  });
  sdk.start();

  let stopped: Promise<void> | undefined;
  return {
    shutdown() {
      stopped ??= sdk.shutdown().finally(() => {
        trace.disable();
        context.disable();
        propagation.disable();
      });
      return stopped;
    },
  };
}
