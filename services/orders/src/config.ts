// The only reader of process.env in the orders service (variables in docs/conventions.md).
import { loadShardedServiceConfig, otlpEndpointFrom } from '@orrery/platform/service-config';

export type OrdersConfig = ReturnType<typeof loadConfig>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  return loadShardedServiceConfig(env, { grpcPort: 50052, adminPort: 9082 });
}

/** For instrument.ts, which runs before everything else. */
export function otlpEndpoint(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return otlpEndpointFrom(env);
}
