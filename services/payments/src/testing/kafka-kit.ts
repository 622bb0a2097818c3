// Test support: publish order events as the orders service would, and collect what lands on the
// payments and dead-letter topics.
import { randomBytes } from 'node:crypto';
import { create, toBinary } from '@bufbuild/protobuf';
import { OrderCreatedSchema } from '@orrery/contracts/orrery/events/v1/order_events_pb';
import {
  createConsumer,
  createKafka,
  createProducer,
  EVENT_HEADERS,
  type EventConsumer,
  type EventProducer,
  headersAsText,
  TOPICS,
} from '@orrery/platform/kafka';
import { requireTestList } from '@orrery/platform/testing';
import pino from 'pino';

export interface Collected {
  readonly topic: string;
  readonly key: string | undefined;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/** The fields of an OrderCreated a test sets. */
export interface PlacedOrder {
  readonly orderId: string;
  readonly userId: string;
  readonly paymentToken: string;
  readonly total: { readonly amountCents: bigint; readonly currency: string };
}

export interface KafkaKit {
  readonly producer: EventProducer;
  readonly seen: Collected[];
  publish(topic: string, key: string, value: Uint8Array, headers: Record<string, string>): Promise<void>;
  publishOrderCreated(order: PlacedOrder, eventId: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startKafkaKit(): Promise<KafkaKit> {
  const logger = pino({ level: 'silent' });
  const kafka = createKafka({
    brokers: requireTestList('ORRERY_TEST_KAFKA_BROKERS'),
    clientId: 'payments-test',
    logger,
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const seen: Collected[] = [];
  const collector: EventConsumer = createConsumer(kafka, {
    groupId: `payments-test-collector-${randomBytes(4).toString('hex')}`,
    topics: [TOPICS.payments, TOPICS.deadLetter],
    logger,
    eachMessage: async ({ topic, message }) => {
      seen.push({
        topic,
        key: message.key?.toString(),
        value: message.value ?? Buffer.alloc(0),
        headers: headersAsText(message.headers),
      });
    },
  });
  await collector.start();
  const publish = async (topic: string, key: string, value: Uint8Array, headers: Record<string, string>) => {
    await producer.send(topic, [{ key, value: Buffer.from(value), headers }]);
  };
  return {
    producer,
    seen,
    publish,
    publishOrderCreated: (order, eventId) =>
      publish(
        TOPICS.orders,
        order.userId,
        toBinary(
          OrderCreatedSchema,
          create(OrderCreatedSchema, {
            ...order,
            meta: { eventId, type: OrderCreatedSchema.typeName, source: 'orders' },
          }),
        ),
        { [EVENT_HEADERS.eventId]: eventId, [EVENT_HEADERS.eventType]: OrderCreatedSchema.typeName },
      ),
    async stop() {
      await collector.stop();
      await producer.disconnect();
    },
  };
}

/** Resolves once `predicate` holds, polling every 50 ms; rejects naming `what` after `timeoutMs`. */
export async function eventually(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
