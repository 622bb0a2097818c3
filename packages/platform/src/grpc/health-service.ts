import {
  type Health,
  type HealthCheckRequest,
  HealthCheckResponse_ServingStatus as ServingStatus,
} from '@orrery/contracts/grpc/health/v1/health_pb';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { RpcError, Status } from './rpc-error.js';
import type { CallContext, ImplementationOf } from './types.js';

/** The statuses a server reports for itself ('') or for one of its services. */
export type ServingState = 'SERVING' | 'NOT_SERVING';

type Response = MessageInitShape<typeof Health.method.check.output>;

/**
 * The serving status of a server and its services, as told by grpc.health.v1.Health.
 * Every known name starts NOT_SERVING: a server only reports SERVING once its owner says it is ready
 * (dependencies connected), which is what readiness probes and load balancers should see.
 */
export class HealthState {
  readonly #statuses = new Map<string, ServingStatus>();
  readonly #listeners = new Set<() => void>();
  #closed = false;

  /** `names` are the fully-qualified service names; '' (the whole server) is always known. */
  constructor(names: Iterable<string>) {
    for (const name of ['', ...names]) this.#statuses.set(name, ServingStatus.NOT_SERVING);
  }

  /** Sets the status of '' (the whole server) or of a registered service. */
  set(name: string, state: ServingState): void {
    if (!this.#statuses.has(name)) {
      throw new RpcError(Status.NOT_FOUND, `unknown service ${JSON.stringify(name)} for health status`);
    }
    this.#statuses.set(name, state === 'SERVING' ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
    this.#notify();
  }

  /** Marks everything NOT_SERVING and ends every Watch stream (used on shutdown). */
  close(): void {
    for (const name of this.#statuses.keys()) this.#statuses.set(name, ServingStatus.NOT_SERVING);
    this.#closed = true;
    this.#notify();
  }

  /** The Health service implementation backed by this state. */
  implementation(): ImplementationOf<typeof Health> {
    return {
      check: async (request: HealthCheckRequest): Promise<Response> => {
        const status = this.#statuses.get(request.service);
        if (status === undefined) throw new RpcError(Status.NOT_FOUND, `unknown service ${request.service}`);
        return { status };
      },
      watch: (request: HealthCheckRequest, call: CallContext) => this.#watch(request.service, call.signal),
    };
  }

  async *#watch(name: string, signal: AbortSignal): AsyncGenerator<Response> {
    let sent: ServingStatus | undefined;
    // One iteration per status change; ends when the caller leaves or the server shuts down. The status
    // is re-read right before subscribing (no await in between), so no change is missed.
    while (!signal.aborted) {
      const status = this.#statuses.get(name) ?? ServingStatus.SERVICE_UNKNOWN;
      if (status !== sent) {
        sent = status;
        yield { status };
        continue;
      }
      if (this.#closed) return;
      await this.#nextChange(signal);
    }
  }

  #nextChange(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.#listeners.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      this.#listeners.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}
