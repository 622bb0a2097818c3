// Idempotency keys of CreateOrder, on the user's shard, used inside the order's transaction.
//
// `claim` inserts the key with ON CONFLICT DO NOTHING. When another transaction holds the same key
// uncommitted, Postgres makes the insert wait for it: if it commits, the insert does nothing and `find`
// (a new statement, so a new READ COMMITTED snapshot) sees its row; if it rolls back, the insert wins.
// So of any number of concurrent requests with one key exactly one places an order and the others
// replay it, without unique-violation errors. Expired keys are deleted before the claim and ignored
// by `find`.
import type { Tx } from './tx.js';

/** How long a key protects a retry; afterwards the same key places a new order. */
export const IDEMPOTENCY_TTL_HOURS = 24;

export interface StoredKey {
  readonly requestHash: string;
  readonly orderId: string;
}

/** Deletes this user's expired keys (indexed by the primary key's user_id prefix). */
export async function deleteExpiredKeys(tx: Tx, userId: string): Promise<void> {
  await tx.query('DELETE FROM idempotency_keys WHERE user_id = $1 AND expires_at <= now()', [userId]);
}

/** True when this transaction now owns the key (for `orderId`); false when it was already used. */
export async function claimKey(
  tx: Tx,
  key: { userId: string; key: string; requestHash: string; orderId: string },
): Promise<boolean> {
  const { rowCount } = await tx.query(
    `INSERT INTO idempotency_keys (user_id, key, request_hash, order_id, expires_at)
     VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
     ON CONFLICT (user_id, key) DO NOTHING`,
    [key.userId, key.key, key.requestHash, key.orderId, IDEMPOTENCY_TTL_HOURS],
  );
  return rowCount === 1;
}

/** The unexpired key, if any. */
export async function findKey(tx: Tx, userId: string, key: string): Promise<StoredKey | undefined> {
  const { rows } = await tx.query<{ request_hash: string; order_id: string }>(
    `SELECT request_hash, order_id FROM idempotency_keys
      WHERE user_id = $1 AND key = $2 AND expires_at > now()`,
    [userId, key],
  );
  const row = rows[0];
  return row && { requestHash: row.request_hash, orderId: row.order_id };
}
