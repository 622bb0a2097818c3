// The configuration every sharded gRPC service reads (see docs/conventions.md). Each service's own
// config.ts calls this with its default ports and passes process.env: it stays the only env reader.
import { z } from 'zod';
import { bootConfig, brokers, durationMs, logLevel, pgUrls, port } from '../config/index.js';
import type { ShardedServiceConfig } from './sharded-grpc-service.js';

export interface ShardedConfigDefaults {
  readonly grpcPort: number;
  readonly adminPort: number;
}

/** Parses the environment once; bad values print every problem by variable name and exit 1. */
export function loadShardedServiceConfig(
  env: Readonly<Record<string, string | undefined>>,
  defaults: ShardedConfigDefaults,
): ShardedServiceConfig {
  const parsed = bootConfig(
    z.object({
      ORRERY_GRPC_PORT: port().default(defaults.grpcPort),
      ORRERY_ADMIN_PORT: port().default(defaults.adminPort),
      ORRERY_PG_URLS: pgUrls(),
      ORRERY_KAFKA_BROKERS: brokers(),
      ORRERY_LOG_LEVEL: logLevel().default('info'),
      ORRERY_SHUTDOWN_GRACE_MS: durationMs({ min: 0, max: 120_000 }).default(10_000),
    }),
    env,
  );
  return Object.freeze({
    host: '0.0.0.0',
    grpcPort: parsed.ORRERY_GRPC_PORT,
    adminPort: parsed.ORRERY_ADMIN_PORT,
    pgUrls: parsed.ORRERY_PG_URLS,
    kafkaBrokers: parsed.ORRERY_KAFKA_BROKERS,
    logLevel: parsed.ORRERY_LOG_LEVEL,
    shutdownGraceMs: parsed.ORRERY_SHUTDOWN_GRACE_MS,
  });
}

/** For a service's instrument.ts: the OTLP endpoint, if traces are to be exported at all. */
export function otlpEndpointFrom(env: Readonly<Record<string, string | undefined>>): string | undefined {
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
}
