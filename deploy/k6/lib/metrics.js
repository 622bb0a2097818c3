// Custom k6 metrics of the orrery journeys. Through Prometheus remote write they arrive prefixed
// `k6_` (e.g. k6_orrery_saga_completion_p95, k6_orrery_orders_paid_total).
import { Counter, Rate, Trend } from 'k6/metrics';

/** Time from the order's 201 to the first poll that sees PAID, FAILED or CANCELLED. */
export const sagaCompletion = new Trend('orrery_saga_completion', true);
/** Share of placed orders seen in a terminal state before ORRERY_K6_SAGA_TIMEOUT_MS. */
export const sagaTerminalInTime = new Rate('orrery_saga_terminal_in_time');

export const ordersPlaced = new Counter('orrery_orders_placed');
export const ordersReplayed = new Counter('orrery_orders_replayed');
export const ordersPaid = new Counter('orrery_orders_paid');
export const ordersFailed = new Counter('orrery_orders_failed');
export const ordersCancelled = new Counter('orrery_orders_cancelled');
