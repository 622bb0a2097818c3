import pg from 'pg';
import type { Logger } from 'pino';
import { abortableSleep, fullJitterMs } from '../retry/index.js';
import { leaderLockKey } from './lock-key.js';

/** Options for `createShardLeader`. */
export interface ShardLeaderOptions {
  /** What is led, e.g. `orrery.outbox.orders`; the lock key is derived from it. */
  readonly name: string;
  readonly shard: number;
  /** How to reach the shard (e.g. `shards.pool(shard).options`); a dedicated client is opened. */
  readonly connection: pg.ClientConfig;
  readonly logger: Logger;
  /** `SELECT 1` interval while leading (default 1000 ms): a dead connection is noticed this fast. */
  readonly heartbeatMs?: number;
  /** How often a follower tries to take the lock (default 1000 ms). */
  readonly retryMs?: number;
  /** Called on every change of leadership. */
  readonly onChange?: (leader: boolean) => void;
}

/** Leadership of one shard, held as a Postgres session advisory lock. */
export interface ShardLeader {
  readonly shard: number;
  isLeader(): boolean;
  /**
   * Runs `fn` on the connection that holds the lock, so its queries fail as soon as leadership is
   * lost (a fence for the leader's writes). Rejects with `NotLeaderError` when not leading.
   */
  withLeaderClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T>;
  start(): void;
  /** Stops campaigning and closes the connection, which releases the lock. */
  stop(): Promise<void>;
}

/** Whether a query error means the session itself is over (so its advisory locks are released). */
function sessionEnded(error: unknown): boolean {
  const { severity, message } = error as { severity?: unknown; message?: unknown };
  return severity === 'FATAL' || severity === 'PANIC' || /Connection terminated/i.test(String(message));
}

/** Thrown by `withLeaderClient` when this instance does not lead the shard. */
export class NotLeaderError extends Error {
  override readonly name = 'NotLeaderError';
}

/**
 * Campaigns for leadership of one shard with `pg_try_advisory_lock` on a dedicated `pg.Client` (not a
 * pool client, whose session would outlive its use). While leading, a periodic `SELECT 1` proves the
 * session alive; any connection error ends leadership at once, and the client reconnects with capped
 * exponential backoff. Postgres drops the lock when the session dies, so a follower then takes over.
 * A network partition (no error, just silence) is covered on both ends: the heartbeat times out on the
 * client after max(2 × heartbeat, 1 s), and the session sets `idle_session_timeout` so the server ends
 * it (releasing the lock) only after that, two intervals and a second later.
 */
export function createShardLeader(options: ShardLeaderOptions): ShardLeader {
  const { shard, logger } = options;
  const key = leaderLockKey(options.name);
  const heartbeatMs = options.heartbeatMs ?? 1000;
  const retryMs = options.retryMs ?? 1000;
  // the client gives up on a silent connection before the server drops the session: never two leaders
  const clientTimeoutMs = Math.max(2 * heartbeatMs, 1000);
  const serverIdleTimeoutMs = clientTimeoutMs + 2 * Math.max(heartbeatMs, retryMs) + 1000;
  const log = logger.child({ shard, leadership: options.name });
  const stopping = new AbortController();
  let client: pg.Client | undefined;
  /** Ends the current session's leadership at once (its connection is gone). */
  let loseSession: ((error: Error) => void) | undefined;
  let leader = false;
  let loop: Promise<void> | undefined;

  const setLeader = (value: boolean) => {
    if (leader === value) return;
    leader = value;
    log.info(value ? 'became leader' : 'no longer leader');
    options.onChange?.(value);
  };

  const session = async (): Promise<void> => {
    const lost = new AbortController();
    const current = new pg.Client({
      ...options.connection,
      connectionTimeoutMillis: 5000,
      query_timeout: clientTimeoutMs,
      keepAlive: true,
    });
    const onLost = (error?: Error) => {
      setLeader(false);
      if (!lost.signal.aborted) lost.abort(error ?? new Error('leader connection ended'));
    };
    current.on('error', onLost);
    current.on('end', () => onLost());
    client = current;
    loseSession = onLost;
    try {
      await current.connect();
      // a partitioned client cannot unlock: the server ends the session (and so the lock) once no
      // heartbeat arrived for this long, which is after the client has already given up leadership
      await current.query("SELECT set_config('idle_session_timeout', $1, false)", [
        `${serverIdleTimeoutMs}ms`,
      ]);
      while (!stopping.signal.aborted && !lost.signal.aborted) {
        if (leader) {
          await current.query('SELECT 1');
        } else {
          const result = await current.query<{ ok: boolean }>(
            'SELECT pg_try_advisory_lock($1::bigint) AS ok',
            [key],
          );
          if (result.rows[0]?.ok === true && !lost.signal.aborted) setLeader(true);
        }
        await abortableSleep(
          leader ? heartbeatMs : retryMs,
          AbortSignal.any([stopping.signal, lost.signal]),
        ).catch(() => undefined);
      }
      if (lost.signal.aborted && !stopping.signal.aborted) throw lost.signal.reason;
    } finally {
      setLeader(false);
      client = undefined;
      current.removeAllListeners('end');
      current.on('error', () => undefined);
      // a half-open socket must not hold the loop: give the close a moment, then move on
      await Promise.race([current.end().catch(() => undefined), abortableSleep(1000)]);
    }
  };

  const campaign = async (): Promise<void> => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        await session();
        failures = 0;
      } catch (error) {
        failures += 1;
        const delayMs = fullJitterMs(failures, 200, 5000);
        log.warn(
          { err: (error as Error).message, retry_in_ms: delayMs },
          'leader connection failed; reconnecting',
        );
        await abortableSleep(delayMs, stopping.signal).catch(() => undefined);
      }
    }
  };

  return {
    shard,
    isLeader: () => leader,
    async withLeaderClient(fn) {
      const current = client;
      const lose = loseSession;
      if (!leader || current === undefined) throw new NotLeaderError(`not the leader of shard ${shard}`);
      try {
        return await fn(current);
      } catch (error) {
        // a query that failed because the session died (the server sent FATAL, or the socket closed):
        // leadership ends now, not when the connection's 'end' event comes round, by which time
        // another instance may already hold the freed lock
        if (client === current && sessionEnded(error)) lose?.(error as Error);
        throw error;
      }
    },
    start() {
      loop ??= campaign();
    },
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
