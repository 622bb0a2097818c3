export { type ConsumerOptions, createConsumer, type EventConsumer } from './consumer.js';
export { createKafka, type KafkaOptions, pinoLogCreator } from './create-kafka.js';
export { ensureTopics, type TopicSpec } from './ensure-topics.js';
export { createProducer, type EventProducer } from './producer.js';
