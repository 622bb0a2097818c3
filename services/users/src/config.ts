// The only reader of process.env in the users service (variables in docs/conventions.md).
import { loadShardedServiceConfig, otlpEndpointFrom } from '@orrery/platform/service';

export type UsersConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadShardedServiceConfig(env, { grpcPort: 50051, adminPort: 9081 });
}

/** For instrument.ts, which runs before everything else. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return otlpEndpointFrom(env);
}
