// The only reader of process.env in the gateway (variables in docs/conventions.md).
import { bootConfig, durationMs, grpcTarget, logLevel, port } from '@orrery/platform/config';
import { otlpEndpointFrom } from '@orrery/platform/service';
import { z } from 'zod';

const schema = z.object({
  ORRERY_HTTP_PORT: port().default(8080),
  ORRERY_ADMIN_PORT: port().default(9080),
  ORRERY_USERS_ADDR: grpcTarget().default('127.0.0.1:50051'),
  ORRERY_ORDERS_ADDR: grpcTarget().default('127.0.0.1:50052'),
  ORRERY_PAYMENTS_ADDR: grpcTarget().default('127.0.0.1:50053'),
  ORRERY_LOG_LEVEL: logLevel().default('info'),
  ORRERY_SHUTDOWN_GRACE_MS: durationMs({ min: 0, max: 120_000 }).default(10_000),
});

export type GatewayConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = bootConfig(schema, env);
  return Object.freeze({
    host: '0.0.0.0',
    httpPort: parsed.ORRERY_HTTP_PORT,
    adminPort: parsed.ORRERY_ADMIN_PORT,
    upstreams: Object.freeze({
      users: parsed.ORRERY_USERS_ADDR,
      orders: parsed.ORRERY_ORDERS_ADDR,
      payments: parsed.ORRERY_PAYMENTS_ADDR,
    }),
    logLevel: parsed.ORRERY_LOG_LEVEL,
    shutdownGraceMs: parsed.ORRERY_SHUTDOWN_GRACE_MS,
  });
}

/** For instrument.ts, which runs before everything else. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return otlpEndpointFrom(env);
}
