import { context } from '@opentelemetry/api';
import type { EachMessagePayload, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { extractTraceContext, type MessageHeaders } from '../telemetry/index.js';
import { KAFKA_RETRY } from './create-kafka.js';

/** Options for `createConsumer`. */
export interface ConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Handles one message; runs inside the producer's trace context. Throwing makes kafkajs retry it. */
  readonly eachMessage: (payload: EachMessagePayload) => Promise<void>;
  readonly logger: Logger;
}

/** A started-on-demand consumer. */
export interface EventConsumer {
  /** Connects, subscribes and starts consuming (resolves once the run loop is started). */
  start(): Promise<void>;
  /** Waits for the message in hand to finish, commits its offsets, leaves the group and disconnects. */
  stop(): Promise<void>;
}

/**
 * A consumer-group member with auto-commit after every processed batch, whose handler runs under the
 * W3C trace context carried in the message headers. `stop()` is the shutdown step that commits offsets.
 */
export function createConsumer(kafka: Kafka, options: ConsumerOptions): EventConsumer {
  if (options.topics.length === 0) throw new Error(`consumer ${options.groupId}: no topics to subscribe to`);
  const consumer = kafka.consumer({
    groupId: options.groupId,
    retry: KAFKA_RETRY,
  });
  const { logger } = options;
  let stopped: Promise<void> | undefined;
  return {
    async start() {
      await consumer.connect();
      // a group with no committed offset starts at the earliest message
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: true });
      await consumer.run({
        autoCommit: true,
        eachMessage: (payload) =>
          context.with(extractTraceContext(payload.message.headers as MessageHeaders | undefined), () =>
            options.eachMessage(payload),
          ),
      });
      logger.info({ groupId: options.groupId, topics: options.topics }, 'kafka consumer started');
    },
    stop() {
      stopped ??= consumer.disconnect().then(() => {
        logger.info({ groupId: options.groupId }, 'kafka consumer stopped');
      });
      return stopped;
    },
  };
}
