// The only reader of process.env in the users service: parsed once, typed, frozen; bad values stop the
// process at boot with a message naming each variable (docs/conventions.md lists them).
import { bootConfig, durationMs, logLevel, pgUrls, port } from '@orrery/platform/config';
import { z } from 'zod';

const schema = z.object({
  ORRERY_GRPC_PORT: port().default(50051),
  ORRERY_ADMIN_PORT: port().default(9081),
  ORRERY_PG_URLS: pgUrls(),
  ORRERY_LOG_LEVEL: logLevel().default('info'),
  ORRERY_SHUTDOWN_GRACE_MS: durationMs({ min: 0, max: 120_000 }).default(10_000),
});

export type UsersConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = bootConfig(schema, env);
  return Object.freeze({
    host: '0.0.0.0',
    grpcPort: parsed.ORRERY_GRPC_PORT,
    adminPort: parsed.ORRERY_ADMIN_PORT,
    pgUrls: parsed.ORRERY_PG_URLS,
    logLevel: parsed.ORRERY_LOG_LEVEL,
    shutdownGraceMs: parsed.ORRERY_SHUTDOWN_GRACE_MS,
  });
}

/** For instrument.ts, which runs before everything else: where traces go, if anywhere. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
}
