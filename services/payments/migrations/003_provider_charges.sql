-- The simulated payment provider's own records (a real provider keeps these on its side). Keyed by the
-- idempotency key the caller sends (payments uses the order id), on the shard the ring names for it:
-- a retried request with the same key gets the recorded outcome back, never a second charge.
CREATE TABLE provider_charges (
  charge_id       text PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  outcome         text NOT NULL CHECK (outcome IN ('succeeded', 'declined')),
  decline_reason  text,
  amount_cents    bigint NOT NULL,
  currency        text NOT NULL,
  last4           text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- How often each idempotency key was tried, for test cards that fail the first attempts.
CREATE TABLE provider_attempts (
  idempotency_key text PRIMARY KEY,
  attempts        integer NOT NULL
);
