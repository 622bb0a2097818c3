import { type DescMessage, type DescMethod, fromBinary } from '@bufbuild/protobuf';
import type {
  MethodDefinition,
  sendUnaryData,
  ServerUnaryCall,
  ServerWritableStream,
  UntypedHandleCall,
} from '@grpc/grpc-js';
import { type ActiveCall, startCall } from './call-context.js';
import { encode, passThrough, path } from './codec.js';
import { detailsToMetadata, RpcError, Status } from './rpc-error.js';
import type { CallContext, CallObserver, GrpcLogger } from './types.js';

/** What every bridged method needs besides its handler. */
export interface MethodDeps {
  readonly observer: CallObserver | undefined;
  readonly logger: GrpcLogger;
}

type AnyUnary = (request: unknown, call: CallContext) => Promise<unknown>;
type AnyStreaming = (request: unknown, call: CallContext) => AsyncIterable<unknown>;

/**
 * The grpc-js method definition of a protobuf-es method. Messages cross grpc-js as raw bytes: the bridge
 * decodes requests itself so that undecodable bytes become INVALID_ARGUMENT (grpc-js would say INTERNAL).
 */
export function methodDefinition(method: DescMethod): MethodDefinition<Buffer, Buffer> {
  return {
    path: path(method),
    requestStream: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    responseStream: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    requestSerialize: passThrough,
    requestDeserialize: passThrough,
    responseSerialize: passThrough,
    responseDeserialize: passThrough,
    originalName: method.localName,
  };
}

/** The grpc-js handler running `handler` for `method` (unary or server streaming). */
export function methodHandler(method: DescMethod, handler: unknown, deps: MethodDeps): UntypedHandleCall {
  if (typeof handler !== 'function') {
    throw new TypeError(`implementation of ${method.parent.typeName} lacks method ${method.localName}()`);
  }
  if (method.methodKind === 'unary') {
    return (call: ServerUnaryCall<Buffer, Buffer>, callback: sendUnaryData<Buffer>) => {
      void runUnary(method, handler as AnyUnary, call, callback, deps);
    };
  }
  if (method.methodKind === 'server_streaming') {
    return (call: ServerWritableStream<Buffer, Buffer>) => {
      void runServerStreaming(method, handler as AnyStreaming, call, deps);
    };
  }
  throw new TypeError(`${method.parent.typeName}.${method.name}: ${method.methodKind} is not supported`);
}

async function runUnary(
  method: DescMethod,
  handler: AnyUnary,
  call: ServerUnaryCall<Buffer, Buffer>,
  callback: sendUnaryData<Buffer>,
  deps: MethodDeps,
): Promise<void> {
  const active = startCall(method.parent.typeName, method.name, call);
  const started = performance.now();
  let error: unknown;
  try {
    const request = decode(method.input, call.request);
    const response = await handler(request, active.context);
    callback(null, encode(method.output, response));
  } catch (thrown) {
    error = thrown;
    const failure = toRpcError(thrown, method, deps.logger);
    callback({ code: failure.code, details: failure.message, metadata: detailsToMetadata(failure.details) });
  } finally {
    finish(method, active, started, error, deps);
  }
}

async function runServerStreaming(
  method: DescMethod,
  handler: AnyStreaming,
  call: ServerWritableStream<Buffer, Buffer>,
  deps: MethodDeps,
): Promise<void> {
  const active = startCall(method.parent.typeName, method.name, call);
  const started = performance.now();
  let error: unknown;
  try {
    const request = decode(method.input, call.request);
    for await (const message of handler(request, active.context)) {
      if (active.context.signal.aborted) break;
      if (!call.write(encode(method.output, message))) await drained(call, active.context.signal);
    }
    call.end();
  } catch (thrown) {
    error = thrown;
    const failure = toRpcError(thrown, method, deps.logger);
    call.emit('error', {
      code: failure.code,
      details: failure.message,
      metadata: detailsToMetadata(failure.details),
    });
  } finally {
    finish(method, active, started, error, deps);
  }
}

function decode(schema: DescMessage, bytes: Buffer): unknown {
  try {
    return fromBinary(schema, bytes);
  } catch {
    throw new RpcError(Status.INVALID_ARGUMENT, `request is not a valid ${schema.typeName}`);
  }
}

/** An RpcError stays as it is; anything else is logged with its cause and becomes a generic INTERNAL. */
function toRpcError(thrown: unknown, method: DescMethod, logger: GrpcLogger): RpcError {
  if (thrown instanceof RpcError)
    return thrown.code === Status.OK ? new RpcError(Status.UNKNOWN, 'unknown error') : thrown;
  logger.error(
    { err: thrown, rpc: `${method.parent.typeName}/${method.name}` },
    'gRPC handler failed with an unexpected error',
  );
  return new RpcError(Status.INTERNAL, 'internal error');
}

function finish(
  method: DescMethod,
  active: ActiveCall,
  started: number,
  error: unknown,
  deps: MethodDeps,
): void {
  const durationSeconds = (performance.now() - started) / 1000;
  const code = active.abortedCode() ?? (error === undefined ? Status.OK : errorCode(error));
  active.dispose();
  try {
    deps.observer?.onCallEnd?.({
      service: method.parent.typeName,
      method: method.name,
      code,
      durationSeconds,
      ...(error === undefined ? {} : { error }),
    });
  } catch (observerError) {
    deps.logger.warn({ err: observerError }, 'gRPC call observer threw');
  }
}

function errorCode(error: unknown): Status {
  return error instanceof RpcError && error.code !== Status.OK ? error.code : Status.INTERNAL;
}

function drained(call: ServerWritableStream<Buffer, Buffer>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      call.removeListener('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
