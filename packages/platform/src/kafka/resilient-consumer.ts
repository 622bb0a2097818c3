import { context } from '@opentelemetry/api';
import type { Batch, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/index.js';
import { RetryExhaustedError, retry } from '../retry/index.js';
import { extractTraceContext } from '../telemetry/index.js';
import type { EventConsumer } from './consumer.js';
import { type ConsumeOutcome, consumerMetrics } from './consumer-metrics.js';
import { KAFKA_RETRY } from './create-kafka.js';
import { reasonOf, sendToDeadLetter } from './dead-letter.js';
import { headersAsText, type InboundEvent, malformedReason, toInboundEvent } from './inbound-event.js';
import { PermanentError } from './permanent-error.js';
import type { EventProducer } from './producer.js';
import { traced } from './traced-handling.js';

/** Options for `createResilientConsumer`. */
export interface ResilientConsumerOptions {
  groupId: string;
  topics: readonly string[];
  logger: Logger;
  metrics: Metrics;
  /** Producer for `TOPICS.deadLetter` (connected by `start()` if it is not yet). */
  deadLetter: EventProducer;
  /** Tries per message before it is dead-lettered (default 5). */
  maxAttempts?: number;
  /**
   * Handles one event in the producer's trace context. Throw to retry, throw `PermanentError` to
   * dead-letter at once; resolve with `'duplicate'` (optional) when `markProcessed` said it was seen.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler returning nothing (Promise<void>) must fit
  handle(event: InboundEvent): Promise<void | 'duplicate'>;
  /** Backoff before the first retry, doubling up to `retryMaxMs` (defaults 100 ms and 2000 ms). */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

/**
 * A consumer-group member that never lets one message block its partition: transient failures are
 * retried in-process with exponential backoff and full jitter, then (or at once for `PermanentError`,
 * a null value or a missing `orrery-event-type` header) the message goes to `TOPICS.deadLetter` with
 * `orrery-dlq-*` headers, its offset is committed and the partition moves on.
 */
export function createResilientConsumer(
  kafka: Kafka,
  options: ResilientConsumerOptions,
): EventConsumer & { readonly name: string } {
  const { groupId, logger } = options;
  if (options.topics.length === 0) throw new Error(`consumer ${groupId}: no topics to subscribe to`);
  const maxAttempts = options.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`consumer ${groupId}: maxAttempts must be an integer ≥ 1, got ${maxAttempts}`);
  }
  const consumer = kafka.consumer({
    groupId,
    retry: KAFKA_RETRY,
  });
  const metrics = consumerMetrics(options.metrics);
  // zero series from the start: increase() and alerts see the first dead letter as a change from 0
  for (const topic of options.topics) {
    for (const outcome of ['processed', 'retried', 'dead_lettered'] as const) {
      metrics.messages.inc({ group: groupId, topic, outcome }, 0);
    }
  }
  const stopping = new AbortController();
  const log = logger.child({ consumer_group: groupId });

  const deadLetter = async (
    batch: Batch,
    message: KafkaMessage,
    reason: string,
  ): Promise<'dead_lettered'> => {
    const source = { topic: batch.topic, partition: batch.partition, group: groupId };
    await sendToDeadLetter(options.deadLetter, source, message, reason);
    log.error({ ...source, offset: message.offset, reason }, 'message dead-lettered');
    return 'dead_lettered';
  };

  const attempt = async (
    payload: EachBatchPayload,
    message: KafkaMessage,
    headers: Record<string, string>,
  ): Promise<ConsumeOutcome> => {
    const { batch } = payload;
    const malformed = malformedReason(message, headers);
    if (malformed !== undefined) return deadLetter(batch, message, malformed);
    const event = toInboundEvent(batch.topic, batch.partition, message, headers);
    const labels = { group: groupId, topic: batch.topic };
    try {
      const result = await retry(
        async (n) => {
          if (n > 1) await payload.heartbeat();
          return options.handle(event);
        },
        {
          attempts: maxAttempts,
          baseMs: options.retryBaseMs ?? 100,
          maxMs: options.retryMaxMs ?? 2000,
          jitter: 'full',
          signal: stopping.signal,
          retryable: (error) => !(error instanceof PermanentError),
          onRetry: ({ attempt: n, error, delayMs }) => {
            metrics.messages.inc({ ...labels, outcome: 'retried' });
            log.warn(
              {
                topic: batch.topic,
                partition: batch.partition,
                offset: message.offset,
                attempt: n,
                delayMs,
                reason: reasonOf(error),
              },
              'event handler failed; retrying',
            );
          },
        },
      );
      return result === 'duplicate' ? 'duplicate' : 'processed';
    } catch (error) {
      if (stopping.signal.aborted) throw error;
      const reason =
        error instanceof RetryExhaustedError
          ? `gave up after ${error.attempts} attempts: ${reasonOf(error.cause)}`
          : reasonOf(error);
      return deadLetter(batch, message, reason);
    }
  };

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (!payload.isRunning() || payload.isStale()) break;
      const started = performance.now();
      const headers = headersAsText(message.headers);
      const outcome = await context.with(extractTraceContext(headers), () =>
        traced(groupId, batch, message, headers, () => attempt(payload, message, headers)),
      );
      const labels = { group: groupId, topic: batch.topic };
      metrics.messages.inc({ ...labels, outcome });
      metrics.handleDuration.observe({ ...labels, outcome }, (performance.now() - started) / 1000);
      payload.resolveOffset(message.offset);
      const lag = Number(batch.highWatermark) - Number(message.offset) - 1;
      metrics.lag.set({ ...labels, partition: String(batch.partition) }, Math.max(0, lag));
      await payload.heartbeat();
    }
  };

  let stopped: Promise<void> | undefined;
  return {
    // also a BackgroundTask: `parts.background(createResilientConsumer(...))`
    name: `kafka consumer ${groupId}`,
    async start() {
      await options.deadLetter.connect();
      await consumer.connect();
      // a group with no committed offset starts at the earliest message
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        // order within a partition is always kept
        partitionsConsumedConcurrently: 3,
        eachBatch,
      });
      log.info({ topics: options.topics, maxAttempts }, 'resilient kafka consumer started');
    },
    stop() {
      stopping.abort(new Error(`consumer ${groupId} stopping`));
      stopped ??= consumer.disconnect().then(() => log.info('resilient kafka consumer stopped'));
      return stopped;
    },
  };
}
