import { type Kafka, type Message, Partitioners, type Producer, type RecordMetadata } from 'kafkajs';
import { injectTraceHeaders, type MessageHeaders } from '../telemetry/index.js';

/** An idempotent producer that adds W3C trace context to every message. */
export interface EventProducer {
  readonly producer: Producer;
  connect(): Promise<void>;
  /** Sends with acks from all in-sync replicas; headers get `traceparent` from the active span. */
  send(topic: string, messages: readonly Message[]): Promise<RecordMetadata[]>;
  disconnect(): Promise<void>;
}

/**
 * Creates an idempotent producer (acks = all, one request in flight so one key's events stay in order,
 * murmur2 partitioning compatible with the Java client). Retries are the client's bounded `KAFKA_RETRY`
 * (kafkajs warns that this weakens exactly-once; callers such as the outbox relay retry the send, and
 * consumers are idempotent).
 */
export function createProducer(kafka: Kafka): EventProducer {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  return {
    producer,
    connect: () => producer.connect(),
    send: (topic, messages) =>
      producer.send({
        topic,
        acks: -1,
        messages: messages.map((message) => ({
          ...message,
          headers: injectTraceHeaders({ ...(message.headers as MessageHeaders | undefined) }),
        })),
      }),
    disconnect: () => producer.disconnect(),
  };
}
