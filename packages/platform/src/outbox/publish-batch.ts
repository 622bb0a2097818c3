import { context } from '@opentelemetry/api';
import type { Message } from 'kafkajs';
import type pg from 'pg';
import { EVENT_HEADERS, type EventProducer } from '../kafka/index.js';
import { extractTraceContext } from '../telemetry/index.js';
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
  return {
    key: row.key,
    value: row.payload,
    headers: { [EVENT_HEADERS.eventId]: row.event_id, [EVENT_HEADERS.eventType]: row.event_type },
  };
}

/** Consecutive rows with the same topic and traceparent: what one send can carry under one trace. */
function runs(rows: readonly OutboxRow[]): OutboxRow[][] {
  const result: OutboxRow[][] = [];
  let current: OutboxRow[] = [];
  for (const row of rows) {
    const head = current[0];
    if (head !== undefined && (head.topic !== row.topic || head.traceparent !== row.traceparent)) {
      result.push(current);
      current = [];
    }
    current.push(row);
  }
  if (current.length > 0) result.push(current);
  return result;
}

/**
 * Publishes up to `batchSize` unsent rows in `seq` order and marks them sent, all on `client` (the
 * connection holding the shard's leader lock: if leadership is lost the marking fails and the next
 * leader publishes them again, at least once). Each send runs in the trace context stored with its rows,
 * so the event's `traceparent` (or, with the kafkajs instrumentation, its send span) continues the trace
 * of the transaction that wrote it. Sends are sequential, which keeps `seq` order per key. Returns how
 * many rows it published; when a send fails, the rows sent before it are still marked, then it rethrows.
 */
export async function publishBatch(
  client: pg.ClientBase,
  producer: EventProducer,
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
  const sent: OutboxRow[] = [];
  try {
    for (const run of runs(rows)) {
      const head = run[0] as OutboxRow;
      const carrier = head.traceparent === null ? {} : { traceparent: head.traceparent };
      await context.with(extractTraceContext(carrier), () => producer.send(head.topic, run.map(toMessage)));
      sent.push(...run);
    }
  } finally {
    if (sent.length > 0) await markSent(client, shard, sent, metrics);
  }
  return sent.length;
}

async function markSent(
  client: pg.ClientBase,
  shard: number,
  rows: readonly OutboxRow[],
  metrics: RelayMetrics,
) {
  await client.query('UPDATE outbox SET published_at = now() WHERE event_id = ANY($1::uuid[])', [
    rows.map((row) => row.event_id),
  ]);
  const now = Date.now();
  for (const row of rows) {
    const labels = { shard: String(shard), topic: row.topic };
    metrics.published.inc(labels);
    metrics.publishLag.observe(labels, Math.max(0, now - row.occurred_at.getTime()) / 1000);
  }
}

/** Unsent rows on the shard. */
export async function countBacklog(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM outbox WHERE published_at IS NULL',
  );
  return Number(rows[0]?.n ?? 0);
}

/** Deletes rows published more than `retentionMs` ago, in short chunks (at most 20 000); returns how many. */
export async function deleteExpired(client: pg.ClientBase, retentionMs: number): Promise<number> {
  const chunk = 1000;
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const result = await client.query(
      `DELETE FROM outbox WHERE event_id IN (
         SELECT event_id FROM outbox
          WHERE published_at IS NOT NULL AND published_at < now() - $1 * interval '1 millisecond'
          LIMIT $2)`,
      [retentionMs, chunk],
    );
    total += result.rowCount ?? 0;
    if ((result.rowCount ?? 0) < chunk) break;
  }
  return total;
}
