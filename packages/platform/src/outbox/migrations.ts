import type { Migration } from '../pg/index.js';

/**
 * The platform's tables on every shard of a service that publishes or consumes events, versions 9001+
 * (reserved for the platform, so they never collide with a service's own `NNN_name.sql`). Pass them to
 * `startShardedGrpcService({ extraMigrations: OUTBOX_MIGRATIONS })`.
 */
export const OUTBOX_MIGRATIONS: readonly Migration[] = Object.freeze([
  {
    version: 9001,
    name: 'outbox',
    sql: `CREATE TABLE outbox (
  event_id uuid PRIMARY KEY,
  seq bigserial NOT NULL UNIQUE,
  topic text NOT NULL,
  key text NOT NULL,
  event_type text NOT NULL,
  payload bytea NOT NULL,
  traceparent text NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz NULL
);
-- the relay's work queue: unsent rows in commit-ish order
CREATE INDEX outbox_unsent_seq ON outbox (seq) WHERE published_at IS NULL;
-- retention: the leader deletes rows published longer ago than the retention period
CREATE INDEX outbox_published_at ON outbox (published_at) WHERE published_at IS NOT NULL;
`,
  },
  {
    version: 9002,
    name: 'processed_events',
    sql: `CREATE TABLE processed_events (
  consumer_group text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer_group, event_id)
);
`,
  },
  {
    version: 9003,
    name: 'outbox_notify',
    // wakes the relay leader (LISTEN orrery_outbox) when a transaction that wrote events commits;
    // Postgres delivers the notification only on commit and folds duplicates within a transaction
    sql: `CREATE FUNCTION orrery_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('orrery_outbox', '');
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION orrery_outbox_notify();
`,
  },
]);
