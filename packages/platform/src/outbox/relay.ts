import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { EventProducer } from '../kafka/index.js';
import { createShardLeader, type ShardLeader } from '../leader/index.js';
import type { Metrics } from '../metrics/index.js';
import type { ShardSet } from '../pg/index.js';
import { abortableSleep, backoffCapMs } from '../retry/index.js';
import type { BackgroundTask } from '../service/index.js';
import { countBacklog, deleteExpired, publishBatch } from './publish-batch.js';
import { type RelayMetrics, relayMetrics } from './relay-metrics.js';
import { outboxWakeUps } from './wake-ups.js';

/** Options for `createOutboxRelay`. */
export interface OutboxRelayOptions {
  /** The owning service; leadership is per service and shard (`orrery.outbox.<service>`). */
  service: string;
  shards: ShardSet;
  producer: EventProducer;
  metrics: Metrics;
  logger: Logger;
  /**
   * Longest pause between polls of an empty outbox (default 1000 ms): the leader is woken at once by
   * the NOTIFY of each committed outbox insert, so this only bounds a missed notification. A full batch
   * is followed at once.
   */
  pollIntervalMs?: number;
  /** Rows per publish round (default 100). */
  batchSize?: number;
  /** This replica's name in logs and `orrery_outbox_leader` (default host-pid-random). */
  instanceId?: string;
  /** Leader heartbeat and follower retry interval (default 1000 ms). */
  heartbeatMs?: number;
}

/** The relay: a background task that also says which shards this instance leads. */
export type OutboxRelay = BackgroundTask & { isLeader(shard: number): boolean };

/** How long published rows are kept before the leader deletes them. */
const RETENTION_MS = 3_600_000;
const RETENTION_SWEEP_MS = 10_000;
/** How often a follower looks whether its leader campaign has won (a local flag, no query). */
const FOLLOWER_CHECK_MS = 100;

/**
 * One relay per service replica. Per shard it campaigns for leadership (a Postgres session advisory
 * lock on a dedicated connection, see `createShardLeader`); the leader publishes unsent outbox rows in
 * `seq` order (key = the row's key; headers orrery-event-id, orrery-event-type, traceparent), marks
 * them sent and deletes rows published longer ago than the retention. A follower takes over within
 * about two heartbeats after the leader's session dies. Delivery is at least once: a leader that dies
 * between publishing and marking leaves rows its successor publishes again.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { service, shards, producer } = options;
  if (service.trim() === '') throw new Error('createOutboxRelay: service is empty');
  const instance = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const pollIntervalMs = options.pollIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 100;
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new RangeError('createOutboxRelay: batchSize must be ≥ 1');
  const metrics = relayMetrics(options.metrics);
  const logger = options.logger.child({ component: 'outbox-relay', instance });
  const stopping = new AbortController();

  const leaders: ShardLeader[] = shards.all().map(({ shard, pool }) => {
    const labels = { shard: String(shard), instance };
    metrics.leader.set(labels, 0);
    return createShardLeader({
      name: `orrery.outbox.${service}`,
      shard,
      connection: { ...pool.options, application_name: `${service}-outbox-relay` },
      logger: logger,
      ...(options.heartbeatMs === undefined
        ? {}
        : { heartbeatMs: options.heartbeatMs, retryMs: options.heartbeatMs }),
      onChange: (leader) => {
        metrics.leader.set(labels, leader ? 1 : 0);
        metrics.leadershipChanges.inc({ ...labels, change: leader ? 'acquired' : 'lost' });
        if (!leader) metrics.backlog.remove({ shard: String(shard) });
      },
    });
  });

  const pause = (ms: number) => abortableSleep(ms, stopping.signal).catch(() => undefined);

  const run = async (leader: ShardLeader, m: RelayMetrics): Promise<void> => {
    const shard = String(leader.shard);
    const wakeUps = outboxWakeUps();
    let failures = 0;
    let lastSweep = 0;
    while (!stopping.signal.aborted) {
      if (!leader.isLeader()) {
        await pause(FOLLOWER_CHECK_MS);
        continue;
      }
      try {
        const full = await leader.withLeaderClient(async (client) => {
          await wakeUps.listen(client);
          const published = await publishBatch(client, producer, leader.shard, batchSize, m);
          m.backlog.set({ shard }, published < batchSize ? 0 : await countBacklog(client));
          if (Date.now() - lastSweep > RETENTION_SWEEP_MS) {
            lastSweep = Date.now();
            const deleted = await deleteExpired(client, RETENTION_MS);
            if (deleted > 0) logger.debug({ shard: leader.shard, deleted }, 'expired outbox rows deleted');
          }
          return published === batchSize;
        });
        failures = 0;
        if (!full) await wakeUps.wait(pollIntervalMs, stopping.signal);
      } catch (error) {
        failures += 1;
        m.publishErrors.inc({ shard });
        logger.warn(
          { shard: leader.shard, err: (error as Error).message, failures },
          'outbox publish failed',
        );
        // pollIntervalMs·2^min(failures, 5), at most 5 s
        await pause(backoffCapMs(Math.min(failures, 5) + 1, pollIntervalMs, 5000));
      }
    }
  };

  let loops: Promise<void>[] | undefined;
  return {
    name: `${service} outbox relay`,
    isLeader: (shard) => leaders[shard]?.isLeader() ?? false,
    async start() {
      if (loops !== undefined) return;
      await producer.connect();
      for (const leader of leaders) leader.start();
      loops = leaders.map((leader) => run(leader, metrics));
      logger.info({ shards: leaders.length, pollIntervalMs, batchSize }, 'outbox relay started');
    },
    async stop() {
      stopping.abort();
      await Promise.all(loops ?? []);
      await Promise.all(leaders.map((leader) => leader.stop()));
      logger.info('outbox relay stopped');
    },
  };
}
