-- Users live on the shard the ring names for their id.
CREATE TABLE users (
  id            uuid PRIMARY KEY,
  email         text NOT NULL,
  display_name  text NOT NULL,
  role          text NOT NULL DEFAULT 'USER' CHECK (role IN ('USER', 'ADMIN')),
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Email uniqueness across shards: the shard the ring names for "email:<address>" holds one claim row
-- per address, naming the user who owns it. See src/store/email-claims.ts for the protocol.
CREATE TABLE email_claims (
  email      text PRIMARY KEY,
  user_id    uuid NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now()
);
