import { Kafka, type LogEntry, logLevel, type RetryOptions } from 'kafkajs';
import type { Logger } from 'pino';
import './idle-cpu-fix.js';

/** Options for `createKafka`. */
export interface KafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger: Logger;
}

/**
 * Bounded retries of every kafkajs client: 300 ms initial, ×2 with jitter, capped at 5 s, 8 retries.
 * Producers and admins inherit it from the client; a consumer must be given it (kafkajs merges a
 * consumer's own default of 5 retries over the client's).
 */
export const KAFKA_RETRY: Readonly<RetryOptions> = {
  initialRetryTime: 300,
  maxRetryTime: 5000,
  retries: 8,
  multiplier: 2,
  factor: 0.2,
};

const PINO_LEVEL: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

/** Routes kafkajs log entries into a pino child logger (`component: kafkajs`). */
export function pinoLogCreator(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const method = PINO_LEVEL[level] ?? 'info';
      child[method]({ namespace, ...extra }, message);
    };
}

/**
 * A kafkajs client (nothing connects until a producer, consumer or admin does) with its logs bridged
 * to pino and bounded retries (`KAFKA_RETRY`).
 */
export function createKafka(options: KafkaOptions): Kafka {
  if (options.brokers.length === 0) throw new Error('createKafka: at least one broker is needed');
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    retry: KAFKA_RETRY,
    // kafkajs INFO is chatty
    logLevel: logLevel.WARN,
    logCreator: pinoLogCreator(options.logger),
  });
}
