// Authentication (who is calling) and the first authorization check (may they touch this user), as
// Fastify preHandlers. The users service checks again from the caller id it receives.
import { callerMetadata, RpcError, Status } from '@orrery/platform/grpc';
import type { FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import { type AccessClaims, TokenRejected, type Tokens } from '../auth/tokens.js';
import type { Upstreams } from '../upstreams.js';
import { HttpProblem, problem } from './problem.js';
import { type UserView, userView } from './views.js';

/** The caller's account, fresh from the users service (role changes apply at once). */
export type Caller = UserView;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `verifyToken`: the verified token's claims. */
    claims?: AccessClaims;
    /** Set by `loadCaller`. */
    caller?: Caller;
  }
}

export interface AuthDeps {
  readonly tokens: Tokens;
  readonly upstreams: Upstreams;
  readonly authFailures: Counter<'reason'>;
}

function unauthorized(detail: string): HttpProblem {
  return new HttpProblem(problem('unauthenticated', 'Unauthenticated', 401, detail), {
    'www-authenticate': 'Bearer realm="orrery", error="invalid_token"',
  });
}

/** Verifies the bearer token (no upstream call, so it can run before the rate limit). Sets `request.claims`. */
export function verifyToken(deps: AuthDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = header === undefined ? undefined : /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match?.[1]) {
      deps.authFailures.inc({ reason: header === undefined ? 'missing' : 'malformed' });
      throw unauthorized('a Bearer access token is required');
    }
    let claims: AccessClaims;
    try {
      claims = await deps.tokens.verify(match[1]);
    } catch (error) {
      if (!(error instanceof TokenRejected)) throw error;
      deps.authFailures.inc({ reason: error.reason });
      throw unauthorized(
        error.reason === 'expired' ? 'the access token has expired' : 'invalid access token',
      );
    }
    request.claims = claims;
  };
}

/**
 * Asks the users service for the token's account, so a token of a deleted user stops working at once
 * and role changes apply at once. Sets `request.caller`.
 */
export function loadCaller(deps: AuthDeps) {
  return async (request: FastifyRequest): Promise<void> => {
    const claims = request.claims;
    if (claims === undefined) throw new Error(`route ${request.url} has no verifyToken preHandler`);
    try {
      const { user } = await deps.upstreams.users.getUser(
        { id: claims.userId },
        { metadata: callerMetadata(claims.userId) },
      );
      if (!user) throw new RpcError(Status.INTERNAL, 'users answered without a user');
      request.caller = userView(user);
    } catch (error) {
      if (
        error instanceof RpcError &&
        (error.code === Status.NOT_FOUND || error.code === Status.UNAUTHENTICATED)
      ) {
        deps.authFailures.inc({ reason: 'unknown_user' });
        throw unauthorized('the account of this token no longer exists');
      }
      throw error;
    }
  };
}

/** The authenticated caller; only for routes behind `authenticate`. */
export function callerOf(request: FastifyRequest): Caller {
  if (request.caller === undefined) throw new Error(`route ${request.url} has no authenticate preHandler`);
  return request.caller;
}

/** 403 unless the caller is the user `targetId` or an admin. */
export function requireOwnerOrAdmin(request: FastifyRequest, targetId: string): Caller {
  const caller = callerOf(request);
  if (caller.id !== targetId && caller.role !== 'ADMIN') {
    throw new HttpProblem(problem('forbidden', 'Forbidden', 403, 'you may only access your own account'));
  }
  return caller;
}
