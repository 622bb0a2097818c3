// The only reader of process.env in the gateway (variables in docs/conventions.md).
import {
  bootConfig,
  durationMs,
  grpcTarget,
  logLevel,
  port,
  positiveInt,
  redisUrl,
  secret,
} from '@orrery/platform/config';
import { otlpEndpointFrom } from '@orrery/platform/service-config';
import { z } from 'zod';
import { bucketRules, parseRules } from './ratelimit/rules.js';

const schema = z.object({
  ORRERY_HTTP_PORT: port().default(8080),
  ORRERY_ADMIN_PORT: port().default(9080),
  ORRERY_USERS_ADDR: grpcTarget().default('127.0.0.1:50051'),
  ORRERY_ORDERS_ADDR: grpcTarget().default('127.0.0.1:50052'),
  ORRERY_PAYMENTS_ADDR: grpcTarget().default('127.0.0.1:50053'),
  ORRERY_REDIS_URL: redisUrl(),
  ORRERY_JWT_SECRET: secret({ minLength: 32 }),
  ORRERY_ACCESS_TOKEN_TTL: durationMs({ min: 10_000, max: 3_600_000 }).default(900_000),
  ORRERY_RATE_LIMIT_USER: bucketRules().default(parseRules('20/1s:40')),
  ORRERY_RATE_LIMIT_AUTH_IP: bucketRules().default(parseRules('5/10s,30/1m')),
  ORRERY_RATE_LIMIT_ANONYMOUS_IP: bucketRules().default(parseRules('50/1s:100')),
  ORRERY_UPSTREAM_TIMEOUT: durationMs({ min: 50, max: 60_000 }).default(2000),
  ORRERY_UPSTREAM_RETRIES: positiveInt({ min: 0, max: 5 }).default(2),
  ORRERY_BULKHEAD_LIMIT: positiveInt({ min: 1, max: 10_000 }).default(64),
  ORRERY_BULKHEAD_QUEUE: positiveInt({ min: 0, max: 100_000 }).default(256),
  ORRERY_BREAKER_THRESHOLD: positiveInt({ min: 1, max: 1000 }).default(5),
  ORRERY_BREAKER_HALF_OPEN_AFTER: durationMs({ min: 100, max: 300_000 }).default(5000),
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
    redisUrl: parsed.ORRERY_REDIS_URL,
    jwt: Object.freeze({ secret: parsed.ORRERY_JWT_SECRET, ttlMs: parsed.ORRERY_ACCESS_TOKEN_TTL }),
    rateLimits: Object.freeze({
      user: parsed.ORRERY_RATE_LIMIT_USER,
      authIp: parsed.ORRERY_RATE_LIMIT_AUTH_IP,
      anonymousIp: parsed.ORRERY_RATE_LIMIT_ANONYMOUS_IP,
    }),
    upstreamTimeoutMs: parsed.ORRERY_UPSTREAM_TIMEOUT,
    resilience: Object.freeze({
      retries: parsed.ORRERY_UPSTREAM_RETRIES,
      bulkheadLimit: parsed.ORRERY_BULKHEAD_LIMIT,
      bulkheadQueue: parsed.ORRERY_BULKHEAD_QUEUE,
      breakerThreshold: parsed.ORRERY_BREAKER_THRESHOLD,
      breakerHalfOpenAfterMs: parsed.ORRERY_BREAKER_HALF_OPEN_AFTER,
    }),
    logLevel: parsed.ORRERY_LOG_LEVEL,
    shutdownGraceMs: parsed.ORRERY_SHUTDOWN_GRACE_MS,
  });
}

/** For instrument.ts, which runs before everything else. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return otlpEndpointFrom(env);
}
