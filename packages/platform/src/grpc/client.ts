import { type DescMessage, type DescMethod, fromBinary } from '@bufbuild/protobuf';
import type { MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import type { GenService, GenServiceMethods } from '@bufbuild/protobuf/codegenv2';
import {
  type ChannelOptions,
  Client,
  type ClientReadableStream,
  credentials,
  Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { encode, passThrough, path } from './codec.js';
import { metadataToDetails, RpcError, Status } from './rpc-error.js';

/** Per-call options of a client method. */
export interface CallOptions {
  /** Deadline from now; defaults to the client's `defaultTimeoutMs`. */
  readonly timeoutMs?: number;
  /** Request headers (lower-case names, string values). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** Cancels the call (it rejects with CANCELLED). */
  readonly signal?: AbortSignal;
}

/** Options of createClient. */
export interface ClientOptions {
  /** Deadline of calls that pass no `timeoutMs`; default 5000 ms. */
  readonly defaultTimeoutMs?: number;
}

type Methods<S extends GenServiceMethods> = {
  [K in keyof S]: S[K]['methodKind'] extends 'unary'
    ? (
        request: MessageInitShape<S[K]['input']>,
        options?: CallOptions,
      ) => Promise<MessageShape<S[K]['output']>>
    : S[K]['methodKind'] extends 'server_streaming'
      ? (
          request: MessageInitShape<S[K]['input']>,
          options?: CallOptions,
        ) => AsyncIterable<MessageShape<S[K]['output']>>
      : never;
};

/** A typed client: one method per RPC (unary → Promise, server streaming → AsyncIterable), plus close(). */
export type ServiceClient<S extends GenServiceMethods> = Methods<S> & {
  /** Closes the channel; later calls fail with UNAVAILABLE. */
  close(): void;
};

/** The client type of a generated service, e.g. `ClientOf<typeof UsersService>`. */
export type ClientOf<T> = T extends GenService<infer S> ? ServiceClient<S> : never;

/**
 * Channel options: round_robin over every address the target resolves to (`dns:///users:50051` spreads
 * calls over all replicas behind a headless Service), keepalive pings every 30 s while calls are active.
 */
const channelOptions: ChannelOptions = {
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
};

/**
 * A plaintext client of `service` at `target` (`host:port`, `dns:///host:port`, `ipv4:…`). Every call
 * has a deadline; failures reject with RpcError carrying the gRPC status.
 */
export function createClient<S extends GenServiceMethods>(
  service: GenService<S>,
  target: string,
  options: ClientOptions = {},
): ServiceClient<S> {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 5000;
  if (!(defaultTimeoutMs > 0)) throw new RangeError(`defaultTimeoutMs must be > 0, got ${defaultTimeoutMs}`);
  const channel = new Client(target, credentials.createInsecure(), channelOptions);
  const client: Record<string, unknown> = { close: () => channel.close() };
  for (const method of service.methods) {
    if (method.methodKind === 'unary') {
      client[method.localName] = (request: unknown, callOptions: CallOptions = {}) =>
        unary(channel, method, request, callOptions, defaultTimeoutMs);
    } else if (method.methodKind === 'server_streaming') {
      client[method.localName] = (request: unknown, callOptions: CallOptions = {}) =>
        serverStreaming(channel, method, request, callOptions, defaultTimeoutMs);
    }
  }
  return client as ServiceClient<S>;
}

function unary(
  channel: Client,
  method: DescMethod,
  request: unknown,
  options: CallOptions,
  defaultTimeoutMs: number,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new RpcError(Status.CANCELLED, 'call cancelled before start'));
    const call = channel.makeUnaryRequest(
      path(method),
      passThrough,
      passThrough,
      encode(method.input, request),
      toMetadata(options.metadata),
      { deadline: Date.now() + (options.timeoutMs ?? defaultTimeoutMs) },
      (error, response) => {
        options.signal?.removeEventListener('abort', cancel);
        if (error) reject(toRpcError(error));
        else if (!response) reject(new RpcError(Status.INTERNAL, 'empty response'));
        else {
          try {
            resolve(decode(method.output, response));
          } catch (decodeError) {
            reject(decodeError);
          }
        }
      },
    );
    const cancel = (): void => call.cancel();
    options.signal?.addEventListener('abort', cancel, { once: true });
  });
}

async function* serverStreaming(
  channel: Client,
  method: DescMethod,
  request: unknown,
  options: CallOptions,
  defaultTimeoutMs: number,
): AsyncGenerator<unknown> {
  if (options.signal?.aborted) throw new RpcError(Status.CANCELLED, 'call cancelled before start');
  const call: ClientReadableStream<Buffer> = channel.makeServerStreamRequest(
    path(method),
    passThrough,
    passThrough,
    encode(method.input, request),
    toMetadata(options.metadata),
    { deadline: Date.now() + (options.timeoutMs ?? defaultTimeoutMs) },
  );
  const cancel = (): void => call.cancel();
  options.signal?.addEventListener('abort', cancel, { once: true });
  try {
    for await (const chunk of call) yield decode(method.output, chunk as Buffer);
  } catch (error) {
    throw isServiceError(error) ? toRpcError(error) : error;
  } finally {
    options.signal?.removeEventListener('abort', cancel);
    call.cancel();
  }
}

function decode(schema: DescMessage, bytes: Buffer): unknown {
  try {
    return fromBinary(schema, bytes);
  } catch (cause) {
    throw new RpcError(Status.INTERNAL, `response is not a valid ${schema.typeName}`, {}, { cause });
  }
}

function toMetadata(headers: Readonly<Record<string, string>> | undefined): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers ?? {})) metadata.set(key, value);
  return metadata;
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as Partial<ServiceError>).code === 'number';
}

function toRpcError(error: ServiceError): RpcError {
  return new RpcError(error.code, error.details, metadataToDetails(error.metadata), { cause: error });
}
