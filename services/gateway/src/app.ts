// The only wiring of the gateway: Redis, token signing, upstream gRPC clients under their resilience
// policies, the public HTTP server, the admin server, and the ordered stop steps.
import { startAdminServer } from '@orrery/platform/admin';
import { counterOf, GATEWAY_METRICS } from '@orrery/platform/metrics';
import { createRedis } from '@orrery/platform/redis';
import { createRuntime, type Servable } from '@orrery/platform/service';
import { tokens as createTokens } from './auth/tokens.js';
import type { GatewayConfig } from './config.js';
import { guards } from './http/guards.js';
import { buildHttpServer } from './http/server.js';
import { tokenBuckets } from './ratelimit/token-bucket.js';
import { connectUpstreams } from './upstreams.js';

export async function startGateway(config: GatewayConfig): Promise<Servable> {
  const { logger, metrics, readiness } = createRuntime({ service: 'gateway', logLevel: config.logLevel });
  const upstreams = connectUpstreams({
    targets: config.upstreams,
    timeoutMs: config.upstreamTimeoutMs,
    resilience: config.resilience,
    metrics,
  });
  for (const { name, check } of upstreams.checks) readiness.add(name, check);
  // Redis backs rate limiting only; its outage is handled by the limiter's failure policy, so it is
  // not a readiness check (the gateway keeps serving reads)
  const redis = createRedis({ url: config.redisUrl, logger, commandTimeoutMs: 1000 });
  redis.connect().catch((error: unknown) => logger.warn({ err: error }, 'redis not reachable yet'));

  const tokens = createTokens(config.jwt);
  const authDeps = {
    tokens,
    upstreams,
    authFailures: counterOf(metrics.registry, GATEWAY_METRICS.authFailures),
  };
  const limits = {
    redis,
    buckets: tokenBuckets(redis.client),
    rules: {
      user: config.rateLimits.user,
      'auth-ip': config.rateLimits.authIp,
      'anonymous-ip': config.rateLimits.anonymousIp,
    },
    decisions: counterOf(metrics.registry, GATEWAY_METRICS.rateLimitDecisions),
    failures: counterOf(metrics.registry, GATEWAY_METRICS.rateLimiterFailures),
  };
  const http = await buildHttpServer({
    logger,
    metrics,
    readiness,
    upstreams,
    tokens,
    guards: guards(authDeps, limits),
    breakerRetryAfterSeconds: Math.ceil(config.resilience.breakerHalfOpenAfterMs / 1000),
  });
  await http.listen({ host: config.host, port: config.httpPort });
  const address = http.server.address();
  const admin = await startAdminServer({
    host: config.host,
    port: config.adminPort,
    registry: metrics.registry,
    readiness,
    logger,
  });
  const port = typeof address === 'object' && address ? address.port : config.httpPort;
  logger.info({ http_port: port, admin_port: admin.port, upstreams: config.upstreams }, 'gateway listening');

  return {
    logger,
    stopSteps: [
      { name: 'mark not ready', run: () => readiness.markShuttingDown() },
      { name: 'drain HTTP', run: () => http.close() },
      { name: 'close upstream channels', run: () => upstreams.close() },
      { name: 'close redis', run: () => redis.close() },
      { name: 'close admin server', run: () => admin.close() },
    ],
  };
}
