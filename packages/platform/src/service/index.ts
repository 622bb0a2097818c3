export { createRuntime, type RuntimeOptions, type ServiceRuntime } from './runtime.js';
export {
  type BackgroundTask,
  type ShardedService,
  type ShardedServiceParts,
  type ShardedServiceConfig,
  type ShardedServiceOptions,
  startShardedGrpcService,
} from './sharded-grpc-service.js';
export { type UntilReadyOptions, untilReady } from './until-ready.js';
export { type Servable, serve } from './serve.js';
