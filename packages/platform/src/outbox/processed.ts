import type pg from 'pg';

/**
 * Records that `consumerGroup` handled `eventId`. Call it inside the consumer's state-change
 * transaction: true the first time, false for a duplicate delivery (then skip the change; the
 * transaction commits nothing new). Concurrent deliveries of one event wait on each other's row lock,
 * so exactly one of them sees true.
 */
export async function markProcessed(
  client: pg.PoolClient,
  consumerGroup: string,
  eventId: string,
): Promise<boolean> {
  if (consumerGroup.trim() === '') throw new TypeError('markProcessed: consumerGroup is empty');
  if (eventId.trim() === '') throw new TypeError('markProcessed: eventId is empty');
  const result = await client.query(
    `INSERT INTO processed_events (consumer_group, event_id) VALUES ($1, $2)
     ON CONFLICT (consumer_group, event_id) DO NOTHING`,
    [consumerGroup, eventId],
  );
  return result.rowCount === 1;
}
