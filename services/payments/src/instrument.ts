// Loaded first by main.ts: starts OpenTelemetry before any instrumented module is imported.
import { startTelemetry } from '@orrery/platform/telemetry';
import { otlpEndpoint } from './config.js';

export const telemetry = startTelemetry({
  serviceName: 'payments',
  serviceVersion: '0.1.0',
  otlpEndpoint: otlpEndpoint(),
});
