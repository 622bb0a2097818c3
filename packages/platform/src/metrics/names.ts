/**
 * The registry of orrery's telemetry names: every metric and span attribute a service emits is declared
 * here first, with its unit and labels. Dashboards and alert rules use only these names.
 */

/** The kind of a Prometheus metric. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** One declared metric. */
export interface MetricName {
  readonly name: `orrery_${string}`;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: 'seconds' | 'bytes' | 'messages' | 'requests' | 'connections' | '1';
  readonly labels: readonly string[];
}

/** Latency buckets for RED histograms: 5 ms … 10 s. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** Prefix of the default Node.js process metrics (`orrery_process_*`, `orrery_nodejs_*`). */
export const DEFAULT_METRICS_PREFIX = 'orrery_';
/** Families of the default process metrics prom-client collects, after the prefix. */
export const DEFAULT_METRIC_FAMILIES: readonly string[] = ['orrery_process_', 'orrery_nodejs_'];

/** Every metric orrery emits besides the default process metrics. */
export const METRICS = {
  rpcServerDuration: {
    name: 'orrery_rpc_server_duration_seconds',
    type: 'histogram',
    help: 'Duration of gRPC calls handled by this service, by service, method and status code.',
    unit: 'seconds',
    labels: ['rpc_service', 'rpc_method', 'rpc_code'],
  },
  rpcClientDuration: {
    name: 'orrery_rpc_client_duration_seconds',
    type: 'histogram',
    help: 'Duration of outgoing gRPC calls, by target, method and status code.',
    unit: 'seconds',
    labels: ['target', 'rpc_method', 'rpc_code'],
  },
  httpServerDuration: {
    name: 'orrery_http_server_duration_seconds',
    type: 'histogram',
    help: 'Duration of HTTP requests handled by this service, by route template, method and status code.',
    unit: 'seconds',
    labels: ['route', 'method', 'status_code'],
  },
  dbQueryDuration: {
    name: 'orrery_db_query_duration_seconds',
    type: 'histogram',
    help: 'Duration of Postgres queries, by shard and operation (first SQL keyword or a caller-given name).',
    unit: 'seconds',
    labels: ['shard', 'operation'],
  },
} as const satisfies Record<string, MetricName>;

/** Metrics of the users service's cache-aside (registered by the users service on its own registry). */
export const CACHE_METRICS = {
  cacheRequests: {
    name: 'orrery_cache_requests_total',
    type: 'counter',
    help: 'Cache-aside lookups by cache and result: hit, miss, error (Redis failed) or bypass (Redis down).',
    unit: 'requests',
    labels: ['cache', 'result'],
  },
  cacheDegradedReads: {
    name: 'orrery_cache_degraded_reads_total',
    type: 'counter',
    help: 'Reads served straight from Postgres because Redis was down or failed: the degraded path.',
    unit: 'requests',
    labels: ['cache'],
  },
  cacheCoalesced: {
    name: 'orrery_cache_coalesced_total',
    type: 'counter',
    help: 'Cache misses that joined a load already in flight for the same key (single flight).',
    unit: 'requests',
    labels: ['cache'],
  },
} as const satisfies Record<string, MetricName>;

/** Metrics of the gateway's edge: auth, rate limits and the resilience policies per upstream. */
export const GATEWAY_METRICS = {
  rateLimitDecisions: {
    name: 'orrery_rate_limit_decisions_total',
    type: 'counter',
    help: 'Token-bucket decisions by tier and decision (allowed or limited).',
    unit: 'requests',
    labels: ['tier', 'decision'],
  },
  rateLimiterFailures: {
    name: 'orrery_rate_limiter_failures_total',
    type: 'counter',
    help: 'Requests whose rate-limit check failed (Redis down), by tier and the policy applied (open or closed).',
    unit: 'requests',
    labels: ['tier', 'policy'],
  },
  authFailures: {
    name: 'orrery_auth_failures_total',
    type: 'counter',
    help: 'Rejected credentials and tokens by reason (missing, malformed, expired, bad_signature, unknown_user, bad_login…).',
    unit: 'requests',
    labels: ['reason'],
  },
  circuitBreakerState: {
    name: 'orrery_circuit_breaker_state',
    type: 'gauge',
    help: 'State of a circuit breaker: 0 closed, 1 half-open, 2 open.',
    unit: '1',
    labels: ['breaker'],
  },
  bulkheadRejections: {
    name: 'orrery_bulkhead_rejections_total',
    type: 'counter',
    help: 'Calls refused because the per-upstream concurrency limit (bulkhead) and its queue were full.',
    unit: 'requests',
    labels: ['upstream'],
  },
  retryAttempts: {
    name: 'orrery_retry_attempts_total',
    type: 'counter',
    help: 'Retries (attempts after the first) of idempotent calls, by target and method.',
    unit: 'requests',
    labels: ['target', 'method'],
  },
} as const satisfies Record<string, MetricName>;

/** Span attribute names orrery sets in addition to OpenTelemetry semantic conventions. */
export const SPAN_ATTRIBUTES = {
  /** Shard index a database operation ran on. */
  shard: 'orrery.shard',
  /** Number of shards a scatter-gather operation touched. */
  shardCount: 'orrery.shard.count',
  /** Id of the user a request acts for (never an email or name). */
  userId: 'orrery.user.id',
  /** Id of an order. */
  orderId: 'orrery.order.id',
  /** Idempotency key supplied by a client. */
  idempotencyKey: 'orrery.idempotency_key',
  /** Id and type of a domain event. */
  eventId: 'orrery.event.id',
  eventType: 'orrery.event.type',
  /** Attempt number of a retried operation (1-based). */
  retryAttempt: 'orrery.retry.attempt',
  /** How a consumed event ended: processed, duplicate or dead_lettered. */
  consumeOutcome: 'orrery.consume.outcome',
  /** How payments decided an order: succeeded, a failure reason in lower case, or duplicate. */
  paymentOutcome: 'orrery.payment.outcome',
  /** Cache read result: hit, miss, bypass (Redis not ready) or error. */
  cacheResult: 'orrery.cache.result',
  /** Upstream circuit breaker state when a call was attempted: closed, open, halfopen or isolated. */
  breakerState: 'orrery.breaker.state',
  /** The upstream (users, orders, payments) a gateway call went to. */
  upstream: 'orrery.upstream',
} as const;

/** Buckets for event delays (outbox publish lag): 10 ms … 5 min, since a backlog can take minutes. */
export const LAG_BUCKETS_SECONDS: readonly number[] = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300,
];

/**
 * Metrics of the transactional outbox relay, its leader election and the resilient Kafka consumers.
 * Kept apart from `METRICS` because they are registered on first use (by `createOutboxRelay` and
 * `createResilientConsumer`), not by `createMetrics`.
 */
export const EVENT_METRICS = {
  outboxLeader: {
    name: 'orrery_outbox_leader',
    type: 'gauge',
    help: '1 while this instance leads the outbox relay of a shard, 0 while it follows.',
    unit: '1',
    labels: ['shard', 'instance'],
  },
  outboxLeadershipChanges: {
    name: 'orrery_outbox_leadership_changes_total',
    type: 'counter',
    help: 'Outbox relay leadership acquired or lost by this instance, by shard and change.',
    unit: '1',
    labels: ['shard', 'instance', 'change'],
  },
  outboxBacklog: {
    name: 'orrery_outbox_backlog_messages',
    type: 'gauge',
    help: 'Unpublished outbox rows on a shard, as last seen by its relay leader.',
    unit: 'messages',
    labels: ['shard'],
  },
  outboxPublishLag: {
    name: 'orrery_outbox_publish_lag_seconds',
    type: 'histogram',
    help: 'Time from an event’s transaction (occurred_at) to its publication on Kafka.',
    unit: 'seconds',
    labels: ['shard', 'topic'],
  },
  outboxPublished: {
    name: 'orrery_outbox_published_total',
    type: 'counter',
    help: 'Outbox rows published to Kafka, by shard and topic.',
    unit: 'messages',
    labels: ['shard', 'topic'],
  },
  outboxPublishErrors: {
    name: 'orrery_outbox_publish_errors_total',
    type: 'counter',
    help: 'Failed outbox publish rounds (Kafka or Postgres errors), by shard.',
    unit: '1',
    labels: ['shard'],
  },
  consumerMessages: {
    name: 'orrery_consumer_messages_total',
    type: 'counter',
    help: 'Kafka messages handled, by consumer group, topic and outcome (processed, duplicate, retried, dead_lettered).',
    unit: 'messages',
    labels: ['group', 'topic', 'outcome'],
  },
  consumerLag: {
    name: 'orrery_consumer_lag_messages',
    type: 'gauge',
    help: 'Messages between a consumer group’s position and the partition’s high watermark.',
    unit: 'messages',
    labels: ['group', 'topic', 'partition'],
  },
  consumerHandleDuration: {
    name: 'orrery_consumer_handle_duration_seconds',
    type: 'histogram',
    help: 'Duration of handling one Kafka message including retries, by group, topic and outcome.',
    unit: 'seconds',
    labels: ['group', 'topic', 'outcome'],
  },
} as const satisfies Record<string, MetricName>;

/**
 * Metrics of the payments service's provider adapter and charge consumer. Kept apart from `METRICS`
 * because the payments service registers them on its own registry (not every service has them).
 */
export const PAYMENT_METRICS = {
  providerBreakerState: {
    name: 'orrery_payment_provider_breaker_state',
    type: 'gauge',
    help: 'Circuit breaker in front of the payment provider: 1 for its current state (closed, half_open, open), 0 for the others.',
    unit: '1',
    labels: ['state'],
  },
  providerBreakerTransitions: {
    name: 'orrery_payment_provider_breaker_transitions_total',
    type: 'counter',
    help: 'State changes of the circuit breaker in front of the payment provider, by the state entered (open, half_open, closed).',
    unit: '1',
    labels: ['to'],
  },
  providerRetries: {
    name: 'orrery_payment_provider_retries_total',
    type: 'counter',
    help: 'Payment provider calls retried after a transient failure, by failure (processing_error, timeout).',
    unit: 'requests',
    labels: ['reason'],
  },
  providerCallDuration: {
    name: 'orrery_payment_provider_call_duration_seconds',
    type: 'histogram',
    help: 'Duration of each payment provider call attempt, by outcome (succeeded, declined, processing_error, timeout).',
    unit: 'seconds',
    labels: ['outcome'],
  },
  charges: {
    name: 'orrery_payment_charges_total',
    type: 'counter',
    help: 'Orders payments decided, by outcome (succeeded, card_declined, insufficient_funds, card_expired, payment_method_not_found, provider_unavailable, duplicate).',
    unit: '1',
    labels: ['outcome'],
  },
  eventsIgnored: {
    name: 'orrery_payment_events_ignored_total',
    type: 'counter',
    help: 'Events on the orders topic the payments consumer deliberately ignores (e.g. OrderCancelled), by event type.',
    unit: 'messages',
    labels: ['event_type'],
  },
} as const satisfies Record<string, MetricName>;

/** Buckets for the order saga (created → PAID/FAILED): 50 ms … 5 min, since it spans Kafka and payments. */
export const SAGA_BUCKETS_SECONDS: readonly number[] = [
  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300,
];

/**
 * Metrics of the orders service's business flow. Kept apart from `METRICS` because the orders service
 * registers them on its own registry (services/orders/src/orders/orders-metrics.ts), not `createMetrics`.
 */
export const ORDERS_METRICS = {
  ordersCreated: {
    name: 'orrery_orders_created_total',
    type: 'counter',
    help: 'Orders placed (new orders only; idempotent replays are counted apart).',
    unit: '1',
    labels: [],
  },
  orderTransitions: {
    name: 'orrery_order_transitions_total',
    type: 'counter',
    help: 'Orders that left PENDING, by the status they reached (PAID, FAILED, CANCELLED).',
    unit: '1',
    labels: ['status'],
  },
  idempotentReplays: {
    name: 'orrery_order_idempotent_replays_total',
    type: 'counter',
    help: 'CreateOrder calls answered with the order an earlier call with the same idempotency key placed.',
    unit: 'requests',
    labels: [],
  },
  sagaDuration: {
    name: 'orrery_order_saga_duration_seconds',
    type: 'histogram',
    help: 'Time from an order’s creation to its payment result (PAID or FAILED), by outcome.',
    unit: 'seconds',
    labels: ['status'],
  },
  pendingOrders: {
    name: 'orrery_orders_pending',
    type: 'gauge',
    help: 'Orders still PENDING on a shard, read from Postgres at scrape time.',
    unit: '1',
    labels: ['shard'],
  },
  oldestPendingAge: {
    name: 'orrery_orders_pending_oldest_age_seconds',
    type: 'gauge',
    help: 'Age of the oldest PENDING order on a shard (0 when none): a stuck saga grows it without bound.',
    unit: 'seconds',
    labels: ['shard'],
  },
  latePaymentResults: {
    name: 'orrery_order_late_payment_results_total',
    type: 'counter',
    help: 'Payment results for orders no longer PENDING, recorded and not applied, by result and whether a refund is owed.',
    unit: 'messages',
    labels: ['result', 'refund_owed'],
  },
} as const satisfies Record<string, MetricName>;

/**
 * Metrics of the data tier every sharded service reports. Kept apart from `METRICS` because
 * `startShardedGrpcService` registers them (with `registerShardProbe`), not `createMetrics`.
 */
export const DATA_METRICS = {
  shardUp: {
    name: 'orrery_db_shard_up',
    type: 'gauge',
    help: '1 when a `SELECT 1` on the shard answered within the probe timeout at scrape time, else 0.',
    unit: '1',
    labels: ['shard'],
  },
} as const satisfies Record<string, MetricName>;
