-- Stored cards, on the shard the ring names for their owner's user id. The number is stored only
-- sealed (AES-256-GCM, iv ‖ tag ‖ ciphertext) with the id of the key that sealed it; the AAD binds it
-- to (token, user_id). The CVC is never stored.
CREATE TABLE payment_methods (
  token         text PRIMARY KEY,
  user_id       uuid NOT NULL,
  brand         text NOT NULL CHECK (brand IN ('visa', 'mastercard', 'amex', 'discover', 'other')),
  last4         text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month     smallint NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year      smallint NOT NULL CHECK (exp_year BETWEEN 1000 AND 9999),
  key_id        text NOT NULL,
  number_sealed bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX payment_methods_user_id ON payment_methods (user_id);
