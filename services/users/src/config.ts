// The only reader of process.env in the users service (variables in docs/conventions.md).
import { bootConfig, durationMs, redisUrl, secret } from '@orrery/platform/config';
import { loadShardedServiceConfig, otlpEndpointFrom } from '@orrery/platform/service-config';
import { z } from 'zod';

const usersSchema = z
  .object({
    ORRERY_REDIS_URL: redisUrl(),
    ORRERY_USER_CACHE_TTL: durationMs({ min: 1000, max: 86_400_000 }).default(60_000),
    ORRERY_ADMIN_EMAIL: z.string().trim().min(3).max(254).optional(),
    ORRERY_ADMIN_PASSWORD: secret({ minLength: 8, maxLength: 128 }).optional(),
  })
  .refine((env) => (env.ORRERY_ADMIN_EMAIL === undefined) === (env.ORRERY_ADMIN_PASSWORD === undefined), {
    message: 'set both or neither',
    path: ['ORRERY_ADMIN_PASSWORD'],
  });

export type UsersConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const shared = loadShardedServiceConfig(env, { grpcPort: 50051, adminPort: 9081 });
  const own = bootConfig(usersSchema, env);
  const admin =
    own.ORRERY_ADMIN_EMAIL !== undefined && own.ORRERY_ADMIN_PASSWORD !== undefined
      ? Object.freeze({ email: own.ORRERY_ADMIN_EMAIL, password: own.ORRERY_ADMIN_PASSWORD })
      : undefined;
  return Object.freeze({
    ...shared,
    redisUrl: own.ORRERY_REDIS_URL,
    cacheTtlSeconds: Math.ceil(own.ORRERY_USER_CACHE_TTL / 1000),
    admin,
  });
}

/** For instrument.ts, which runs before everything else. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return otlpEndpointFrom(env);
}
