import type { Message, Producer } from 'kafkajs';
import type pg from 'pg';
import { EVENT_HEADERS } from '../kafka/index.js';
import type { RelayMetrics } from './relay-metrics.js';

interface OutboxRow {
  event_id: string;
  topic: string;
  key: string;
  event_type: string;
  payload: Buffer;
  traceparent: string | null;
  occurred_at: Date;
}

function toMessage(row: OutboxRow): Message {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventId]: row.event_id,
    [EVENT_HEADERS.eventType]: row.event_type,
  };
  if (row.traceparent !== null) headers.traceparent = row.traceparent;
  return { key: row.key, value: row.payload, headers };
}

/** Rows grouped by topic, each group in `seq` order. */
function byTopic(rows: readonly OutboxRow[]): Map<string, OutboxRow[]> {
  const groups = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const group = groups.get(row.topic);
    if (group === undefined) groups.set(row.topic, [row]);
    else group.push(row);
  }
  return groups;
}

/**
 * Publishes up to `batchSize` unsent rows in `seq` order and marks them sent, all on `client` (the
 * connection holding the shard's leader lock: if leadership is lost the marking fails and the next
 * leader publishes them again, at least once). Each message carries its row's own traceparent, not
 * the relay's. Returns how many rows it published.
 */
export async function publishBatch(
  client: pg.ClientBase,
  producer: Producer,
  shard: number,
  batchSize: number,
  metrics: RelayMetrics,
): Promise<number> {
  const { rows } = await client.query<OutboxRow>(
    `SELECT event_id, topic, key, event_type, payload, traceparent, occurred_at
       FROM outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
    [batchSize],
  );
  if (rows.length === 0) return 0;
  const groups = byTopic(rows);
  await producer.sendBatch({
    acks: -1,
    topicMessages: [...groups].map(([topic, group]) => ({ topic, messages: group.map(toMessage) })),
  });
  const marked = await client.query(
    'UPDATE outbox SET published_at = now() WHERE event_id = ANY($1::uuid[])',
    [rows.map((row) => row.event_id)],
  );
  const now = Date.now();
  for (const [topic, group] of groups) {
    metrics.published.inc({ shard: String(shard), topic }, group.length);
    for (const row of group) {
      metrics.publishLag.observe(
        { shard: String(shard), topic },
        Math.max(0, now - row.occurred_at.getTime()) / 1000,
      );
    }
  }
  return marked.rowCount ?? rows.length;
}

/** Unsent rows on the shard. */
export async function countBacklog(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
  );
  return Number(rows[0]?.n ?? 0);
}

/** Deletes (a bounded number of) rows published more than `retentionMs` ago; returns how many. */
export async function deleteExpired(client: pg.ClientBase, retentionMs: number): Promise<number> {
  const result = await client.query(
    `DELETE FROM outbox WHERE event_id IN (
       SELECT event_id FROM outbox
        WHERE published_at IS NOT NULL AND published_at < now() - $1 * interval '1 millisecond'
        LIMIT 10000)`,
    [retentionMs],
  );
  return result.rowCount ?? 0;
}
