import { context, ROOT_CONTEXT, type Span } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';
import type { Message } from 'kafkajs';
import type pg from 'pg';
import { EVENT_HEADERS, type EventProducer } from '../kafka/index.js';
import { endPublishSpans, startPublishSpan } from './publish-spans.js';
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

function toMessage(row: OutboxRow, traceparent: string | undefined): Message {
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventId]: row.event_id,
    [EVENT_HEADERS.eventType]: row.event_type,
  };
  if (traceparent !== undefined) headers.traceparent = traceparent;
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
 * Publishes up to `batchSize` unsent rows in `seq` order in one produce request and marks them sent,
 * all on `client` (the connection holding the shard's leader lock: if leadership is lost the marking
 * fails and the next leader publishes them again, at least once). Each row gets a PRODUCER span in the
 * trace stored with it (the transaction that wrote it) and its message carries that span's
 * traceparent, so consumers continue the writer's trace through the send; tracing is suppressed around
 * the send itself so that neither the kafkajs instrumentation nor the producer writes the relay's own
 * context over it. Returns how many rows it published.
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
  const spans: (Span | undefined)[] = [];
  const topicMessages = [...byTopic(rows)].map(([topic, group]) => ({
    topic,
    messages: group.map((row) => {
      const { span, traceparent } = startPublishSpan(row, shard);
      spans.push(span);
      return toMessage(row, traceparent);
    }),
  }));
  try {
    await context.with(suppressTracing(ROOT_CONTEXT), () =>
      producer.producer.sendBatch({ acks: -1, topicMessages }),
    );
  } catch (error) {
    endPublishSpans(spans, error);
    throw error;
  }
  endPublishSpans(spans);
  await markSent(client, shard, rows, metrics);
  return rows.length;
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
