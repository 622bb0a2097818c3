import { register } from 'node:module';
import { context, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NoopSpanProcessor,
  ParentBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

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
 * http, grpc, pg, ioredis, kafkajs and pino, and OTLP/HTTP trace export only when `otlpEndpoint` is given.
 * Without an endpoint (or span processors) spans are not recorded but still get real ids (so logs carry
 * trace ids and context propagates); nothing is exported and no connection is made. `OTEL_*_EXPORTER` variables are ignored on purpose;
 * metrics go through prom-client and logs through stdout.
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
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  // nothing to export to: spans are not recorded (they still get ids, so logs carry trace ids and
  // context still propagates), which keeps the hot paths nearly as fast as without tracing
  const exporting = processors.length > 0;
  if (!exporting) processors.push(new NoopSpanProcessor());

  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.serviceVersion,
    }),
    autoDetectResources: false,
    spanProcessors: processors,
    ...(exporting ? {} : { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) }),
    metricReaders: [],
    logRecordProcessors: [],
    textMapPropagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
    instrumentations: [
      new HttpInstrumentation(),
      new GrpcInstrumentation(),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new IORedisInstrumentation(),
      new KafkaJsInstrumentation(),
      // trace ids are added by the platform logger's mixin; logs are shipped as stdout JSON
      new PinoInstrumentation({ disableLogCorrelation: true, disableLogSending: true }),
    ],
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
