import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';

/** A topic a service needs. */
export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
}

/**
 * Creates the topics that do not exist yet and waits for their leaders; existing topics are left as
 * they are (a partition count below the requested one is logged). Safe to call from every replica at
 * every start. Returns the names it created.
 */
export async function ensureTopics(
  kafka: Kafka,
  topics: readonly TopicSpec[],
  logger?: Logger,
): Promise<string[]> {
  for (const spec of topics) {
    if (!/^[A-Za-z0-9._-]{1,249}$/.test(spec.topic))
      throw new Error(`invalid topic name ${JSON.stringify(spec.topic)}`);
    if (!Number.isInteger(spec.numPartitions) || spec.numPartitions < 1) {
      throw new Error(`topic ${spec.topic}: numPartitions must be an integer ≥ 1, got ${spec.numPartitions}`);
    }
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length > 0) {
      // a concurrent replica may create the same topic between list and create: kafkajs then returns
      // false for it instead of failing, so the call stays idempotent
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: 1,
        })),
      });
    }
    const present = topics.filter((spec) => existing.has(spec.topic));
    if (present.length > 0 && logger !== undefined) {
      const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.topic) });
      for (const topic of metadata.topics) {
        const wanted = present.find((spec) => spec.topic === topic.name)?.numPartitions ?? 0;
        if (topic.partitions.length < wanted) {
          logger.warn(
            { topic: topic.name, partitions: topic.partitions.length, wanted },
            'topic has fewer partitions',
          );
        }
      }
    }
    return missing.map((spec) => spec.topic);
  } finally {
    await admin.disconnect();
  }
}
