export { CALLER_ID_HEADER, callerIdOf, callerMetadata } from './caller.js';
// @orrery/platform/grpc: gRPC servers and clients for protobuf-es generated services on grpc-js,
// with health checking, server reflection, deadlines and status mapping. No .proto is loaded at runtime.
export {
  type CallOptions,
  type ClientOf,
  type ClientOptions,
  createClient,
  type ServiceClient,
} from './client.js';
export type { ServingState } from './health-service.js';
export { RpcError, type RpcErrorDetails, Status, statusName } from './rpc-error.js';
export { bindService, createGrpcServer, type GrpcServer, type GrpcServerOptions } from './server.js';
export type {
  CallContext,
  CallEnd,
  CallObserver,
  GrpcLogger,
  ImplementationOf,
  ServiceEntries,
  ServiceEntry,
  ServiceImplementation,
} from './types.js';
