import type { Counter, Gauge, Histogram } from 'prom-client';
import { counterOn, gaugeOn, histogramOn } from '../kafka/registered-metrics.js';
import { EVENT_METRICS, LAG_BUCKETS_SECONDS, type Metrics } from '../metrics/index.js';

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
    leader: gaugeOn(registry, EVENT_METRICS.outboxLeader),
    leadershipChanges: counterOn(registry, EVENT_METRICS.outboxLeadershipChanges),
    backlog: gaugeOn(registry, EVENT_METRICS.outboxBacklog),
    publishLag: histogramOn(registry, EVENT_METRICS.outboxPublishLag, LAG_BUCKETS_SECONDS),
    published: counterOn(registry, EVENT_METRICS.outboxPublished),
    publishErrors: counterOn(registry, EVENT_METRICS.outboxPublishErrors),
  };
}
