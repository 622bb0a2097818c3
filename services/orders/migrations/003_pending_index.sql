-- The saga-stuck metrics (orrery_orders_pending, orrery_orders_pending_oldest_age_seconds) read the
-- PENDING orders of every shard at each scrape. A partial index keeps that read to the few orders in
-- flight instead of a scan of every order ever placed.
CREATE INDEX orders_pending_by_age ON orders (created_at) WHERE status = 'PENDING';
