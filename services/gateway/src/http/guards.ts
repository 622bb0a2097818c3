// The preHandler chains routes use: who may call, and which rate-limit tier applies.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthDeps } from './caller.js';
import { loadCaller, verifyToken } from './caller.js';
import { type RateLimitDeps, rateLimit } from './rate-limit.js';

type Hook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

export interface Guards {
  /** Signed-in users: token checked, limited per user, account loaded. */
  readonly user: Hook[];
  /** Signup and login: limited per client IP, with the stricter auth rules. */
  readonly auth: Hook[];
  /** Public reads: limited per client IP. */
  readonly anonymous: Hook[];
}

export function guards(auth: AuthDeps, limits: RateLimitDeps): Guards {
  return {
    user: [verifyToken(auth), rateLimit(limits, 'user'), loadCaller(auth)],
    auth: [rateLimit(limits, 'auth-ip')],
    anonymous: [rateLimit(limits, 'anonymous-ip')],
  };
}
