-- Orders live on the shard the ring names for their owner's user id, with their lines, the idempotency
-- keys that placed them and the payment results that came too late to change them. Money is in minor
-- units (cents); every line is priced from the catalog when the order is placed.
CREATE TABLE orders (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL,
  status          text NOT NULL DEFAULT 'PENDING'
                  CHECK (status IN ('PENDING', 'PAID', 'FAILED', 'CANCELLED')),
  total_cents     bigint NOT NULL CHECK (total_cents > 0),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  payment_token   text NOT NULL,
  -- set when status is FAILED: a short text for people, never card data
  failure_reason  text,
  -- set when status is PAID: the provider's charge id
  payment_id      text,
  -- set when status is CANCELLED: what the user said, possibly empty
  cancel_reason   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);

-- ListOrders: one user's orders, newest first, keyset-paginated on (created_at, id).
CREATE INDEX orders_by_user_newest ON orders (user_id, created_at DESC, id DESC);

CREATE TABLE order_items (
  order_id          uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
  line              integer NOT NULL CHECK (line >= 0),
  product_id        text NOT NULL,
  product_name      text NOT NULL,
  unit_price_cents  bigint NOT NULL CHECK (unit_price_cents > 0),
  currency          text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  quantity          integer NOT NULL CHECK (quantity BETWEEN 1 AND 100),
  PRIMARY KEY (order_id, line),
  UNIQUE (order_id, product_id)
);

-- One row per (user, key): the primary key is what makes 20 concurrent CreateOrder calls with one key
-- place exactly one order. The row is inserted first in the order's transaction; a concurrent insert of
-- the same key waits for it and then finds it (see src/store/idempotency-store.ts). The order it names
-- is inserted later in the same transaction, hence the deferred foreign key. Keys expire after 24 h:
-- an expired key is ignored and deleted, and the same key then places a new order.
CREATE TABLE idempotency_keys (
  user_id       uuid NOT NULL,
  key           text NOT NULL,
  -- SHA-256 (hex) of the canonical request: sorted lines and the payment token
  request_hash  text NOT NULL,
  order_id      uuid NOT NULL REFERENCES orders (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  created_at    timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,
  PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);

-- Payment results that arrived for an order no longer PENDING (e.g. PaymentSucceeded for an order the
-- user cancelled first). They change nothing on the order but are never lost: a succeeded charge for an
-- order that is not PAID is money owed back (refund_owed), which a refund process (not built) settles.
CREATE TABLE late_payment_results (
  event_id      uuid PRIMARY KEY,
  order_id      uuid NOT NULL,
  user_id       uuid NOT NULL,
  result        text NOT NULL CHECK (result IN ('SUCCEEDED', 'FAILED')),
  -- the order's status when the result arrived
  order_status  text NOT NULL CHECK (order_status IN ('PAID', 'FAILED', 'CANCELLED', 'UNKNOWN')),
  payment_id    text,
  amount_cents  bigint,
  currency      text,
  detail        text NOT NULL DEFAULT '',
  refund_owed   boolean NOT NULL,
  received_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX late_payment_results_refunds ON late_payment_results (received_at) WHERE refund_owed;
