import type { ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import { RpcError, Status } from './rpc-error.js';
import type { CallContext } from './types.js';

/** The grpc-js server calls the bridge handles. */
export type ServerCall = ServerUnaryCall<Buffer, Buffer> | ServerWritableStream<Buffer, Buffer>;

/**
 * A cancellation this close to the deadline counts as DEADLINE_EXCEEDED: the server's deadline is
 * measured from when it received the call, so the client's own deadline timer fires (and cancels the
 * stream) slightly before the server's does.
 */
const deadlineSlackMs = 250;

/** Longest timer Node accepts; deadlines further away are left to grpc-js. */
const maxTimerMs = 2_147_483_647;

/** A CallContext plus what the bridge needs to finish the call. */
export interface ActiveCall {
  readonly context: CallContext;
  /** The status to report when the caller went away before the handler settled, else undefined. */
  abortedCode(): Status | undefined;
  /** Releases the deadline timer and listeners. */
  dispose(): void;
}

/**
 * Builds the context of one server call. Its signal aborts with an RpcError (DEADLINE_EXCEEDED or
 * CANCELLED) as reason when grpc-js reports the call cancelled or when our own deadline timer fires,
 * whichever comes first, so handlers can pass it to I/O or call `signal.throwIfAborted()`.
 */
export function startCall(service: string, method: string, call: ServerCall): ActiveCall {
  const controller = new AbortController();
  const raw = call.getDeadline();
  const deadlineMs = raw instanceof Date ? raw.getTime() : raw;
  const deadline = Number.isFinite(deadlineMs) ? new Date(deadlineMs) : undefined;
  const abort = (): void => {
    if (controller.signal.aborted) return;
    const expired = deadline !== undefined && Date.now() >= deadline.getTime() - deadlineSlackMs;
    controller.abort(
      expired
        ? new RpcError(Status.DEADLINE_EXCEEDED, 'deadline exceeded')
        : new RpcError(Status.CANCELLED, 'call cancelled by the client'),
    );
  };
  const delay = deadline === undefined ? Number.POSITIVE_INFINITY : deadline.getTime() - Date.now();
  const timer = delay <= maxTimerMs ? setTimeout(abort, Math.max(0, delay)) : undefined;
  call.on('cancelled', abort);
  const context: CallContext = {
    service,
    method,
    metadata: call.metadata,
    header(name) {
      const value = call.metadata.get(name.toLowerCase())[0];
      return typeof value === 'string' ? value : undefined;
    },
    deadline,
    signal: controller.signal,
    peer: call.getPeer(),
  };
  return {
    context,
    abortedCode() {
      const reason: unknown = controller.signal.reason;
      return controller.signal.aborted && reason instanceof RpcError ? reason.code : undefined;
    },
    dispose() {
      if (timer) clearTimeout(timer);
      call.removeListener('cancelled', abort);
    },
  };
}
