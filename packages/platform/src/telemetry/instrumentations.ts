import type { IncomingMessage } from 'node:http';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { PinoInstrumentation } from '@opentelemetry/instrumentation-pino';
import { SPAN_ATTRIBUTES } from '../metrics/names.js';
import { activeShard } from './shard-context.js';

/** Probe and scrape paths: polled all the time, never part of a user request. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/livez', '/metrics']);

function untracedRequest(request: IncomingMessage): boolean {
  const url = request.url ?? '';
  const end = url.indexOf('?');
  return UNTRACED_PATHS.has(end === -1 ? url : url.slice(0, end));
}

/**
 * A Redis command as `db.statement`: the command and its first argument (the key) only, never values
 * (cached users, token buckets) and never an EVAL script or its arguments.
 */
export function redisStatement(command: string, args: readonly unknown[]): string {
  const name = command.toUpperCase();
  if (args.length === 0) return name;
  if (name.startsWith('EVAL')) return `${name} [${args.length} arguments]`;
  const rest = args.length > 1 ? ` [${args.length - 1} other arguments]` : '';
  return `${name} ${String(args[0])}${rest}`;
}

/**
 * The instrumentations every service runs. pg and Redis spans only inside a traced operation (no root
 * trace per relay poll or heartbeat); pg spans carry `orrery.shard` when run through the shard set;
 * no SQL parameters or Redis values on spans; health checks, scrapes and gRPC health/reflection calls
 * are not traced.
 */
export function orreryInstrumentations() {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: untracedRequest }),
    new GrpcInstrumentation({ ignoreGrpcMethods: ['Check', 'Watch', 'ServerReflectionInfo'] }),
    new PgInstrumentation({
      enhancedDatabaseReporting: false,
      requireParentSpan: true,
      requestHook(span) {
        const shard = activeShard();
        if (shard !== undefined) span.setAttribute(SPAN_ATTRIBUTES.shard, shard);
      },
    }),
    new IORedisInstrumentation({ requireParentSpan: true, dbStatementSerializer: redisStatement }),
    new KafkaJsInstrumentation(),
    // trace ids are added by the platform logger's mixin; logs are shipped as stdout JSON
    new PinoInstrumentation({ disableLogCorrelation: true, disableLogSending: true }),
  ];
}
