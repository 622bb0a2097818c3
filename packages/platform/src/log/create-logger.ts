import { isSpanContextValid, trace } from '@opentelemetry/api';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';
import { REDACTED, redactPaths } from './redaction.js';

/** Options for `createLogger`. */
export interface LoggerConfig {
  /** Becomes the `service.name` field on every line. */
  readonly service: string;
  /** pino level (`fatal` … `trace`, `silent`). */
  readonly level: string;
  /** Where lines go; default stdout. Tests pass a stream. */
  readonly destination?: DestinationStream;
}

/** Adds `trace_id`, `span_id` and `trace_flags` of the active OpenTelemetry span to a log line. */
export function traceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext();
  if (spanContext === undefined || !isSpanContextValid(spanContext)) return {};
  return {
    trace_id: spanContext.traceId,
    span_id: spanContext.spanId,
    trace_flags: `0${spanContext.traceFlags.toString(16)}`.slice(-2),
  };
}

/**
 * A pino JSON logger: `service.name` on every line, ISO timestamps, level as a label, trace ids from the
 * active span, and secret-looking keys (passwords, tokens, authorization, card number/cvc, secrets)
 * censored as `[REDACTED]` up to three levels deep.
 */
export function createLogger(config: LoggerConfig): Logger {
  const options: LoggerOptions = {
    level: config.level,
    base: { 'service.name': config.service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: traceFields,
    redact: { paths: redactPaths(), censor: REDACTED },
  };
  return config.destination === undefined ? pino(options) : pino(options, config.destination);
}

export type { Logger };
