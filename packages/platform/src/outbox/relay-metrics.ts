import type { Counter, Gauge, Histogram } from 'prom-client';
import {
  counterOf,
  EVENT_METRICS,
  gaugeOf,
  histogramOf,
  LAG_BUCKETS_SECONDS,
  type Metrics,
} from '../metrics/index.js';

/** The outbox relay's collectors, on the service's registry. */
export interface RelayMetrics {
  readonly leader: Gauge<'shard' | 'instance'>;
  readonly leadershipChanges: Counter<'shard' | 'instance' | 'change'>;
  readonly backlog: Gauge<'shard'>;
  readonly publishLag: Histogram<'shard' | 'topic'>;
  readonly published: Counter<'shard' | 'topic'>;
  readonly publishErrors: Counter<'shard'>;
}

export function relayMetrics(metrics: Metrics): RelayMetrics {
  const { registry } = metrics;
  return {
    leader: gaugeOf(registry, EVENT_METRICS.outboxLeader),
    leadershipChanges: counterOf(registry, EVENT_METRICS.outboxLeadershipChanges),
    backlog: gaugeOf(registry, EVENT_METRICS.outboxBacklog),
    publishLag: histogramOf(registry, EVENT_METRICS.outboxPublishLag, LAG_BUCKETS_SECONDS),
    published: counterOf(registry, EVENT_METRICS.outboxPublished),
    publishErrors: counterOf(registry, EVENT_METRICS.outboxPublishErrors),
  };
}
