// The only reader of process.env in the payments service (variables in docs/conventions.md).
import { loadShardedServiceConfig, otlpEndpointFrom } from '@orrery/platform/service';

export type PaymentsConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadShardedServiceConfig(env, { grpcPort: 50053, adminPort: 9083 });
}

/** For instrument.ts, which runs before everything else. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return otlpEndpointFrom(env);
}
