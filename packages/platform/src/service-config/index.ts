// Configuration readers for a service's config.ts, apart from `@orrery/platform/service`: config.ts is
// imported by instrument.ts before OpenTelemetry starts, so it must not load grpc-js, pg, kafkajs or
// ioredis (they would stay uninstrumented). This entry point loads only zod and the config helpers.
export {
  loadShardedServiceConfig,
  otlpEndpointFrom,
  type ShardedConfigDefaults,
} from '../service/sharded-config.js';
