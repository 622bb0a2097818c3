// Errors leave the gateway as application/problem+json (RFC 9457) with a stable `type` per error.
// gRPC status → HTTP status is decided here and nowhere else.
import { type RpcError, Status } from '@orrery/platform/grpc';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  /** For invalid input: the offending field (JSON pointer or field name). */
  field?: string;
}

/** A problem raised inside the gateway (auth, rate limits, parsing), with headers to add. */
export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  constructor(
    readonly problem: Problem,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem.detail ?? problem.title);
  }
}

/** Relative `type` URIs (RFC 9457 §3.1.1), resolved against the gateway's own address. */
const PROBLEM_BASE = '/problems/';

interface Mapping {
  http: number;
  slug: string;
  title: string;
  /** whether the upstream message is safe and useful to show the caller */
  exposeDetail: boolean;
}

const byGrpcCode: Partial<Record<Status, Mapping>> = {
  [Status.INVALID_ARGUMENT]: {
    http: 400,
    slug: 'invalid-argument',
    title: 'Invalid request',
    exposeDetail: true,
  },
  [Status.FAILED_PRECONDITION]: {
    http: 409,
    slug: 'failed-precondition',
    title: 'Conflict',
    exposeDetail: true,
  },
  [Status.OUT_OF_RANGE]: { http: 400, slug: 'out-of-range', title: 'Out of range', exposeDetail: true },
  [Status.UNAUTHENTICATED]: {
    http: 401,
    slug: 'unauthenticated',
    title: 'Unauthenticated',
    exposeDetail: false,
  },
  [Status.PERMISSION_DENIED]: { http: 403, slug: 'forbidden', title: 'Forbidden', exposeDetail: false },
  [Status.NOT_FOUND]: { http: 404, slug: 'not-found', title: 'Not found', exposeDetail: true },
  [Status.ALREADY_EXISTS]: { http: 409, slug: 'already-exists', title: 'Already exists', exposeDetail: true },
  [Status.ABORTED]: { http: 409, slug: 'aborted', title: 'Conflict, retry', exposeDetail: true },
  [Status.RESOURCE_EXHAUSTED]: {
    http: 429,
    slug: 'rate-limited',
    title: 'Too many requests',
    exposeDetail: false,
  },
  [Status.UNIMPLEMENTED]: {
    http: 501,
    slug: 'not-implemented',
    title: 'Not implemented',
    exposeDetail: false,
  },
  [Status.UNAVAILABLE]: { http: 503, slug: 'unavailable', title: 'Service unavailable', exposeDetail: false },
  [Status.DEADLINE_EXCEEDED]: {
    http: 504,
    slug: 'upstream-timeout',
    title: 'Upstream timeout',
    exposeDetail: false,
  },
};

const internal: Mapping = { http: 500, slug: 'internal', title: 'Internal error', exposeDetail: false };

export function problem(slug: string, title: string, status: number, detail?: string): Problem {
  return { type: `${PROBLEM_BASE}${slug}`, title, status, ...(detail === undefined ? {} : { detail }) };
}

/**
 * Domain errors the services name with a `reason` detail: they get their own type and HTTP status,
 * more precise than the status code alone.
 */
const byReason: Record<string, Mapping> = {
  EMAIL_TAKEN: { http: 409, slug: 'email-taken', title: 'Email already registered', exposeDetail: true },
  BAD_CREDENTIALS: {
    http: 401,
    slug: 'invalid-credentials',
    title: 'Wrong email or password',
    exposeDetail: false,
  },
  UNKNOWN_CALLER: { http: 401, slug: 'unauthenticated', title: 'Unauthenticated', exposeDetail: false },
  USER_NOT_FOUND: { http: 404, slug: 'user-not-found', title: 'User not found', exposeDetail: false },
  IDEMPOTENCY_KEY_REUSED: {
    http: 422,
    slug: 'idempotency-key-reused',
    title: 'Idempotency key reused with a different request',
    exposeDetail: true,
  },
  ORDER_NOT_PENDING: {
    http: 409,
    slug: 'order-not-pending',
    title: 'Order is not pending',
    exposeDetail: true,
  },
  UNKNOWN_PRODUCT: { http: 422, slug: 'unknown-product', title: 'Unknown product', exposeDetail: true },
  PAYMENT_METHOD_NOT_FOUND: {
    http: 422,
    slug: 'unknown-payment-method',
    title: 'Unknown payment method',
    exposeDetail: false,
  },
  ORDER_NOT_FOUND: { http: 404, slug: 'order-not-found', title: 'Order not found', exposeDetail: false },
};

/** Maps an upstream failure: by its `reason` detail when known, else by status code. */
export function problemForRpcError(error: RpcError): Problem {
  const reason = error.details.reason;
  const mapping = reason === undefined ? undefined : byReason[reason];
  const field = error.details.field;
  const answer =
    mapping === undefined
      ? problemForGrpcStatus(error.code, error.message)
      : problem(mapping.slug, mapping.title, mapping.http, mapping.exposeDetail ? error.message : undefined);
  return field !== undefined && answer.status < 500 ? { ...answer, field } : answer;
}

/** Maps a gRPC status code (and the upstream's message) to the problem the caller sees. */
export function problemForGrpcStatus(code: Status, message: string): Problem {
  const mapping = byGrpcCode[code] ?? internal;
  return problem(mapping.slug, mapping.title, mapping.http, mapping.exposeDetail ? message : undefined);
}
