// Email uniqueness across shards without a distributed transaction.
//
// Each address has one claim row on the shard the ring names for `email:<address>`; its primary key makes
// the claim atomic, so of N concurrent signups exactly one inserts it. The protocol:
//   1. claim the address for the new user id (INSERT … ON CONFLICT DO NOTHING);
//   2. insert the user row on the user's own shard;
//   3. confirm the claim still names this user; if not (it was taken over, see below), delete the row.
// A crash after 1 leaves a claim without a user. Such a claim older than ABANDONED_AFTER_MS may be taken
// over by the next signup for that address, after checking that the user it names does not exist. So no
// duplicate survives (the primary key, plus step 3), and no orphan blocks an address for long.
import type { ShardSet } from '@orrery/platform/pg';

const ABANDONED_AFTER_MS = 30_000;

export interface EmailClaims {
  /** True when `userId` now holds the claim on `email`. */
  claim(email: string, userId: string): Promise<boolean>;
  /** True when the claim on `email` names `userId`. */
  holds(email: string, userId: string): Promise<boolean>;
  /** The user id that owns `email`, if any. */
  owner(email: string): Promise<string | undefined>;
  /** Drops the claim if (and only if) `userId` holds it. */
  release(email: string, userId: string): Promise<void>;
}

/** `userExists` tells an abandoned claim (its user was never stored) from a live one. */
export function emailClaims(shards: ShardSet, userExists: (id: string) => Promise<boolean>): EmailClaims {
  const shardOf = (email: string) => shards.forKey(`email:${email}`);
  const owner = async (email: string) => {
    const { rows } = await shardOf(email).query<{ user_id: string }>(
      'SELECT user_id FROM email_claims WHERE email = $1',
      [email],
    );
    return rows[0]?.user_id;
  };
  return {
    owner,
    async claim(email, userId) {
      const shard = shardOf(email);
      const inserted = await shard.query(
        'INSERT INTO email_claims (email, user_id) VALUES ($1, $2) ON CONFLICT (email) DO NOTHING',
        [email, userId],
      );
      if (inserted.rowCount === 1) return true;
      const { rows } = await shard.query<{ user_id: string; age_ms: number }>(
        `SELECT user_id, (extract(epoch FROM now() - claimed_at) * 1000)::float8 AS age_ms
           FROM email_claims WHERE email = $1`,
        [email],
      );
      const existing = rows[0];
      if (!existing) return this.claim(email, userId); // released meanwhile: try again
      if (existing.age_ms < ABANDONED_AFTER_MS || (await userExists(existing.user_id))) return false;
      const takenOver = await shard.query(
        'UPDATE email_claims SET user_id = $3, claimed_at = now() WHERE email = $1 AND user_id = $2',
        [email, existing.user_id, userId],
      );
      return takenOver.rowCount === 1;
    },
    async holds(email, userId) {
      return (await owner(email)) === userId;
    },
    async release(email, userId) {
      await shardOf(email).query('DELETE FROM email_claims WHERE email = $1 AND user_id = $2', [
        email,
        userId,
      ]);
    },
  };
}
