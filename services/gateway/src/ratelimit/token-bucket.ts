// Distributed token buckets in Redis. One Lua script checks every rule of a tier atomically (no
// read-modify-write race between gateway replicas) and takes a token from each bucket only when all of
// them have one. Time comes from the Redis server, so replicas with skewed clocks agree.
import type { Redis } from 'ioredis';
import type { BucketRule } from './rules.js';

// KEYS: one bucket per rule. ARGV: per rule (tokens, periodMs, burst). Each bucket is a hash
// {tokens, at}. Returns {allowed 0/1, remaining of the tightest bucket, ms until it is full again,
// ms until a token is available when refused}.
const TAKE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local n = #KEYS
local levels = {}
local allowed = 1
local remaining = math.huge
local reset = 0
local retry = 0
for i = 1, n do
  local rate = tonumber(ARGV[3 * i - 2]) / tonumber(ARGV[3 * i - 1])
  local burst = tonumber(ARGV[3 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'at')
  local tokens = tonumber(state[1]) or burst
  local at = tonumber(state[2]) or now
  tokens = math.min(burst, tokens + math.max(0, now - at) * rate)
  levels[i] = tokens
  if tokens < 1 then
    allowed = 0
    retry = math.max(retry, math.ceil((1 - tokens) / rate))
  end
end
for i = 1, n do
  local rate = tonumber(ARGV[3 * i - 2]) / tonumber(ARGV[3 * i - 1])
  local burst = tonumber(ARGV[3 * i])
  local tokens = levels[i]
  if allowed == 1 then tokens = tokens - 1 end
  redis.call('HSET', KEYS[i], 'tokens', tostring(tokens), 'at', now)
  local full = math.ceil((burst - tokens) / rate)
  redis.call('PEXPIRE', KEYS[i], full + 1000)
  if math.floor(tokens) < remaining then remaining = math.floor(tokens) end
  if full > reset then reset = full end
end
return {allowed, math.max(0, remaining), reset, retry}`;

export interface BucketDecision {
  readonly allowed: boolean;
  /** Whole tokens left in the tightest bucket after this request. */
  readonly remaining: number;
  /** Milliseconds until every bucket is full again. */
  readonly resetMs: number;
  /** When refused: milliseconds until a request would pass. */
  readonly retryAfterMs: number;
}

export interface TokenBuckets {
  take(key: string, rules: readonly BucketRule[]): Promise<BucketDecision>;
}

/** TAKE as a command of the client: EVALSHA, with ioredis sending EVAL where the script is not loaded. */
interface TakeCommand {
  orreryTakeTokens(
    keyCount: number,
    ...keysAndArgs: (string | number)[]
  ): Promise<[allowed: number, remaining: number, resetMs: number, retryAfterMs: number]>;
}

export function tokenBuckets(redis: Redis, prefix = 'orrery:ratelimit:v1'): TokenBuckets {
  redis.defineCommand('orreryTakeTokens', { lua: TAKE });
  const scripts = redis as Redis & TakeCommand;
  return {
    async take(key, rules) {
      const keys = rules.map((rule) => `${prefix}:${key}:${rule.text}`);
      const args = rules.flatMap((rule) => [rule.tokens, rule.periodMs, rule.burst]);
      const [allowed, remaining, resetMs, retryAfterMs] = await scripts.orreryTakeTokens(
        keys.length,
        ...keys,
        ...args,
      );
      return { allowed: allowed === 1, remaining, resetMs, retryAfterMs };
    },
  };
}
