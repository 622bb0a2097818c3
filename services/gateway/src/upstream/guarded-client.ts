// A typed gRPC client whose every unary method runs under its upstream's policies. Which methods are
// idempotent (safe to retry) is declared here per upstream, next to nothing else.
import { RpcError, Status, statusName } from '@orrery/platform/grpc';
import type { UpstreamPolicy } from './policies.js';

type AnyMethod = (...args: never[]) => Promise<unknown>;

/** Records one attempt: method, final gRPC status name, seconds. */
export type AttemptObserver = (method: string, code: string, seconds: number) => void;

/**
 * A retried call that carries its own idempotency key (CreateOrder) may find what our own timed-out
 * first attempt stored, and answers `replayed`. For the caller it is still the first request, so the
 * answer is not a replay (201, not 200).
 */
function ownReplayCleared(result: unknown): unknown {
  if (typeof result === 'object' && result !== null && (result as { replayed?: unknown }).replayed === true) {
    return { ...result, replayed: false };
  }
  return result;
}

/** Wraps every method but `close` of `client`; `idempotent` names the retryable ones. */
export function guardedClient<C extends { close(): void }>(
  client: C,
  policy: UpstreamPolicy,
  idempotent: ReadonlySet<string>,
  observe: AttemptObserver,
): C {
  const wrapped: Record<string, unknown> = { close: () => client.close() };
  for (const [name, method] of Object.entries(client)) {
    if (name === 'close' || typeof method !== 'function') continue;
    const original = method as AnyMethod;
    const attempt = async (args: never[], number: number) => {
      const started = performance.now();
      let code = Status.OK;
      try {
        const result = await original(...args);
        return number > 0 ? ownReplayCleared(result) : result;
      } catch (error) {
        code = error instanceof RpcError ? error.code : Status.UNKNOWN;
        throw error;
      } finally {
        observe(name, statusName(code), (performance.now() - started) / 1000);
      }
    };
    wrapped[name] = (...args: never[]) =>
      policy.execute(name, idempotent.has(name), (number) => attempt(args, number));
  }
  return wrapped as C;
}

/** Methods that read only, or that carry their own idempotency key: safe to retry. */
export const IDEMPOTENT_METHODS = {
  users: new Set(['getUser', 'authenticateUser']),
  orders: new Set(['listProducts', 'getOrder', 'listOrders', 'createOrder']),
  payments: new Set(['getPaymentMethod']),
} as const;
