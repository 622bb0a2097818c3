// Cache-aside for reads of a user by id, in Redis. Pattern: look in Redis; on a miss load from Postgres
// and store the result with a TTL. On top of the textbook version:
// - single flight: concurrent misses for one key in this process share one Postgres load (no stampede
//   on a hot key when it expires);
// - versioned writes: entries carry the row's updated_at and are only replaced by a newer version, so a
//   slow reader can never put back a value older than an update or a delete (the "stale set" race);
// - a delete leaves a tombstone for one TTL, so a reader that loaded the user just before cannot revive it;
// - Redis down: reads go straight to Postgres (counted as degraded) and invalidations that could not be
//   written are retried when Redis comes back.
import { CACHE_METRICS, counterOf, SPAN_ATTRIBUTES } from '@orrery/platform/metrics';
import type { RedisClient } from '@orrery/platform/redis';
import { annotateActiveSpan } from '@orrery/platform/telemetry';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { User } from '../users/user.js';

export interface UserCacheOptions {
  readonly redis: RedisClient;
  readonly ttlSeconds: number;
  /** Where the CACHE_METRICS counters are registered (or found). */
  readonly registry: Registry;
  readonly logger: Logger;
}

export interface UserCache {
  /** The user by id: from Redis, else from `load` (then cached). Undefined when `load` finds nothing. */
  get(id: string, load: () => Promise<User | undefined>): Promise<User | undefined>;
  /** After a committed update: the new version replaces any older cached one. */
  written(user: User): Promise<void>;
  /** After a committed delete: a tombstone keeps older versions out for one TTL. */
  deleted(id: string): Promise<void>;
}

const CACHE = 'users';
const keyOf = (id: string) => `orrery:users:v1:${id}`;

// Stores ARGV[2] ("<version>|<json>") unless the entry present has a newer version than ARGV[1].
const SET_IF_NEWER = `
local current = redis.call('GET', KEYS[1])
if current then
  local version = tonumber(string.match(current, '^(%d+)|'))
  if version and version > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
return 1`;

/** SET_IF_NEWER as a command of the client: EVALSHA, with ioredis sending EVAL where it is not loaded. */
interface SetIfNewerCommand {
  orrerySetIfNewer(key: string, version: number, entry: string, ttlSeconds: number): Promise<0 | 1>;
}

interface CachedUser extends Omit<User, 'createdAt' | 'updatedAt'> {
  createdAt: string;
  updatedAt: string;
}

function encode(user: User): string {
  return `${user.updatedAt.getTime()}|${JSON.stringify(user)}`;
}

/** The cached user; undefined for a tombstone. */
function decode(entry: string): User | undefined {
  const json = entry.slice(entry.indexOf('|') + 1);
  if (json === 'deleted') return undefined;
  const cached = JSON.parse(json) as CachedUser;
  return { ...cached, createdAt: new Date(cached.createdAt), updatedAt: new Date(cached.updatedAt) };
}

export function userCache(options: UserCacheOptions): UserCache {
  const { redis, ttlSeconds, registry, logger } = options;
  const metrics = {
    requests: counterOf(registry, CACHE_METRICS.cacheRequests),
    degradedReads: counterOf(registry, CACHE_METRICS.cacheDegradedReads),
    coalesced: counterOf(registry, CACHE_METRICS.cacheCoalesced),
  };
  redis.client.defineCommand('orrerySetIfNewer', { lua: SET_IF_NEWER, numberOfKeys: 1 });
  const scripts = redis.client as RedisClient['client'] & SetIfNewerCommand;
  const inFlight = new Map<string, Promise<User | undefined>>();
  const pending = new Set<string>(); // ids whose invalidation could not be written
  const count = (result: string) => {
    metrics.requests.inc({ cache: CACHE, result });
    annotateActiveSpan({ [SPAN_ATTRIBUTES.cacheResult]: result });
  };

  const setIfNewer = async (id: string, version: number, entry: string): Promise<void> => {
    await scripts.orrerySetIfNewer(keyOf(id), version, entry, ttlSeconds);
  };
  const invalidate = async (id: string, version: number, entry: string): Promise<void> => {
    try {
      if (!redis.isReady()) throw new Error('redis is not connected');
      await setIfNewer(id, version, entry);
    } catch (error) {
      pending.add(id);
      logger.warn({ user_id: id, err: error }, 'cache invalidation deferred until redis is back');
    }
  };
  redis.client.on('ready', () => {
    const ids = [...pending];
    pending.clear();
    if (ids.length === 0) return;
    redis.client.del(...ids.map(keyOf)).catch((error: unknown) => {
      for (const id of ids) pending.add(id);
      logger.warn({ err: error }, 'deferred cache invalidations failed again');
    });
  });

  const loadOnce = (id: string, load: () => Promise<User | undefined>, store: boolean) => {
    const running = inFlight.get(id);
    if (running) {
      metrics.coalesced.inc({ cache: CACHE });
      return running;
    }
    const loading = (async () => {
      const user = await load();
      if (user && store) {
        await setIfNewer(id, user.updatedAt.getTime(), encode(user)).catch((error: unknown) =>
          logger.warn({ user_id: id, err: error }, 'could not fill the user cache'),
        );
      }
      return user;
    })().finally(() => inFlight.delete(id));
    inFlight.set(id, loading);
    return loading;
  };

  return {
    async get(id, load) {
      if (!redis.isReady() || pending.has(id)) {
        count('bypass');
        metrics.degradedReads.inc({ cache: CACHE });
        return loadOnce(id, load, false);
      }
      let entry: string | null;
      try {
        entry = await redis.client.get(keyOf(id));
      } catch (error) {
        count('error');
        metrics.degradedReads.inc({ cache: CACHE });
        logger.debug({ user_id: id, err: error }, 'user cache read failed; reading postgres');
        return loadOnce(id, load, false);
      }
      if (entry !== null) {
        const cached = decode(entry);
        if (cached) {
          count('hit');
          return cached;
        }
      }
      count('miss');
      return loadOnce(id, load, true);
    },
    written: (user) => invalidate(user.id, user.updatedAt.getTime(), encode(user)),
    deleted: (id) => {
      const now = Date.now();
      return invalidate(id, now, `${now}|deleted`);
    },
  };
}
