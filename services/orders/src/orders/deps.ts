import type { ShardSet } from '@orrery/platform/pg';
import type { OrdersMetrics } from './orders-metrics.js';

/** What the order use cases need; built in app.ts. */
export interface OrdersDeps {
  readonly shards: ShardSet;
  readonly metrics: OrdersMetrics;
}
