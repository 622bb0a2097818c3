// Rate limiting as a Fastify preHandler: a tier names the bucket key (the user, or the client IP) and
// its rules. Answers carry RateLimit-* headers; a refusal is 429 with Retry-After.
// Failure policy when Redis cannot answer: reads (GET/HEAD) fail open — serve, since an outage of the
// limiter should not take the site down — and writes fail closed with 503, since they are what abuse
// costs most (signups, logins, orders). Both are counted in orrery_rate_limiter_failures_total.
import type { RedisClient } from '@orrery/platform/redis';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Counter } from 'prom-client';
import type { BucketRule } from '../ratelimit/rules.js';
import type { BucketDecision, TokenBuckets } from '../ratelimit/token-bucket.js';
import { HttpProblem, problem } from './problem.js';

export type Tier = 'user' | 'auth-ip' | 'anonymous-ip';

export interface RateLimitDeps {
  readonly redis: RedisClient;
  readonly buckets: TokenBuckets;
  readonly rules: Readonly<Record<Tier, readonly BucketRule[]>>;
  readonly decisions: Counter<'tier' | 'decision'>;
  readonly failures: Counter<'tier' | 'policy'>;
}

function policyHeader(rules: readonly BucketRule[]): string {
  return rules.map((rule) => `${rule.tokens};w=${rule.periodMs / 1000};burst=${rule.burst}`).join(', ');
}

export function rateLimit(deps: RateLimitDeps, tier: Tier) {
  const rules = deps.rules[tier];
  const limit = String(Math.min(...rules.map((rule) => rule.burst)));
  const policy = policyHeader(rules);
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const subject = tier === 'user' ? `user:${request.claims?.userId ?? 'unknown'}` : `ip:${request.ip}`;
    let decision: BucketDecision;
    try {
      if (!deps.redis.isReady()) throw new Error('redis is not connected');
      decision = await deps.buckets.take(`${tier}:${subject}`, rules);
    } catch (error) {
      const failOpen = request.method === 'GET' || request.method === 'HEAD';
      deps.failures.inc({ tier, policy: failOpen ? 'open' : 'closed' });
      request.log.warn(
        { err: error, tier },
        `rate limiter unavailable; failing ${failOpen ? 'open' : 'closed'}`,
      );
      if (failOpen) return;
      throw new HttpProblem(
        problem('rate-limiter-unavailable', 'Rate limiter unavailable', 503, 'try again shortly'),
        { 'retry-after': '1' },
      );
    }
    reply.header('ratelimit-limit', limit);
    reply.header('ratelimit-remaining', String(decision.remaining));
    reply.header('ratelimit-reset', String(Math.ceil(decision.resetMs / 1000)));
    reply.header('ratelimit-policy', policy);
    deps.decisions.inc({ tier, decision: decision.allowed ? 'allowed' : 'limited' });
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
      throw new HttpProblem(
        problem('rate-limited', 'Too many requests', 429, `limit ${policy}; retry in ${seconds} s`),
        { 'retry-after': String(seconds) },
      );
    }
  };
}
