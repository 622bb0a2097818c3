-- One row per order ever charged or failed, on the buyer's shard. UNIQUE(order_id) is the last line
-- of "exactly one charge per order": a second delivery that got this far loses the insert and is a
-- duplicate. Written in the same transaction as the result event's outbox row.
CREATE TABLE payments (
  order_id       uuid PRIMARY KEY,
  user_id        uuid NOT NULL,
  payment_token  text NOT NULL,
  status         text NOT NULL CHECK (status IN ('SUCCEEDED', 'FAILED')),
  charge_id      text,
  failure_reason text,
  amount_cents   bigint NOT NULL CHECK (amount_cents >= 0),
  currency       text NOT NULL,
  result_event_id uuid NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'SUCCEEDED') = (charge_id IS NOT NULL)),
  CHECK ((status = 'FAILED') = (failure_reason IS NOT NULL))
);

CREATE INDEX payments_user_id ON payments (user_id);
