import type { MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv2';
import type { Metadata } from '@grpc/grpc-js';
import type { Status } from './rpc-error.js';

/** What a handler learns about the call it serves. */
export interface CallContext {
  /** Fully-qualified service name, e.g. `orrery.users.v1.UsersService`. */
  readonly service: string;
  /** Method name as in the proto, e.g. `GetUser`. */
  readonly method: string;
  /** Request headers as grpc-js metadata. */
  readonly metadata: Metadata;
  /** The first string value of a request header (lower-case name), if present. */
  header(name: string): string | undefined;
  /** The client's deadline, or undefined when the call has none. */
  readonly deadline: Date | undefined;
  /** Aborted when the client cancels, the deadline passes or the server force-closes the call. */
  readonly signal: AbortSignal;
  /** The remote address, e.g. `ipv4:127.0.0.1:53422`. */
  readonly peer: string;
}

type Method = GenServiceMethods[string];

/** A unary handler: one request in, one response out. */
export type UnaryHandler<M extends Method> = (
  request: MessageShape<M['input']>,
  call: CallContext,
) => Promise<MessageInitShape<M['output']>>;

/** A server-streaming handler: one request in, the yielded messages out, in order. */
export type ServerStreamingHandler<M extends Method> = (
  request: MessageShape<M['input']>,
  call: CallContext,
) => AsyncIterable<MessageInitShape<M['output']>>;

/** The handler type for one method; client and bidi streaming are not supported by the bridge. */
export type MethodHandler<M extends Method> = M['methodKind'] extends 'unary'
  ? UnaryHandler<M>
  : M['methodKind'] extends 'server_streaming'
    ? ServerStreamingHandler<M>
    : never;

/** An implementation of a generated service: one handler per method, keyed by the method's local name. */
export type ServiceImplementation<S extends GenServiceMethods> = {
  readonly [K in keyof S]: MethodHandler<S[K]>;
};

/** The implementation type of a generated service, e.g. `ImplementationOf<typeof UsersService>`. */
export type ImplementationOf<T> = T extends GenService<infer S> ? ServiceImplementation<S> : never;

/** A generated service and its implementation; every handler is type-checked against the contract. */
export interface ServiceEntry<S extends GenServiceMethods> {
  readonly service: GenService<S>;
  readonly implementation: ServiceImplementation<S>;
}

/** A list of entries, each checked against its own service (inferred per element). */
export type ServiceEntries<T extends readonly GenServiceMethods[]> = {
  readonly [K in keyof T]: ServiceEntry<T[K]>;
};

/** What the observer hears when a call ends (the handler settled). */
export interface CallEnd {
  readonly service: string;
  readonly method: string;
  /** The status the call ended with; DEADLINE_EXCEEDED or CANCELLED when the caller went away first. */
  readonly code: Status;
  readonly durationSeconds: number;
  /** The error the handler threw (RpcError or unexpected), if any. */
  readonly error?: unknown;
}

/** Hooks for metrics, tracing or logging, called by the server; must not throw. */
export interface CallObserver {
  onCallEnd?(end: CallEnd): void;
}

/** The logging the bridge needs; a pino logger fits. */
export interface GrpcLogger {
  error(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}
