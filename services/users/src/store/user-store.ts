// Users in Postgres, each on the shard the consistent-hash ring names for its id.
import type { ShardSet } from '@orrery/platform/pg';
import type pg from 'pg';
import type { UserEvents } from '../events/user-events.js';
import type { Role, User } from '../users/user.js';

interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  created_at: Date;
  updated_at: Date;
}

export interface StoredUser extends User {
  passwordHash: string;
}

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string;
}

export interface UserStore {
  insert(user: NewUser): Promise<User>;
  find(id: string): Promise<StoredUser | undefined>;
  update(id: string, changes: { email?: string; displayName?: string }): Promise<User | undefined>;
  /** Deletes the user; the removed user, or undefined when there was none. */
  remove(id: string): Promise<User | undefined>;
  setRole(id: string, role: Role): Promise<User | undefined>;
}

const COLUMNS = 'id, email, display_name, role, password_hash, created_at, updated_at';

function fromRow(row: UserRow): StoredUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function withoutSecrets({ passwordHash: _, ...user }: StoredUser): User {
  return user;
}

export function userStore(shards: ShardSet, events: UserEvents): UserStore {
  const change = (
    id: string,
    sql: string,
    params: unknown[],
    announce: (client: pg.PoolClient, user: User) => Promise<void>,
  ) =>
    shards.forKey(id).withTransaction(async (client) => {
      const { rows } = await client.query<UserRow>(sql, params);
      const user = rows[0] && withoutSecrets(fromRow(rows[0]));
      if (user) await announce(client, user);
      return user;
    });
  return {
    async insert(user) {
      const inserted = await change(
        user.id,
        `INSERT INTO users (id, email, display_name, password_hash) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [user.id, user.email, user.displayName, user.passwordHash],
        events.created,
      );
      if (!inserted) throw new Error('INSERT … RETURNING returned no row');
      return inserted;
    },
    async find(id) {
      const { rows } = await shards
        .forKey(id)
        .query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
      return rows[0] && fromRow(rows[0]);
    },
    update: (id, changes) =>
      change(
        id,
        `UPDATE users SET email = coalesce($2, email), display_name = coalesce($3, display_name), updated_at = now()
          WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, changes.email ?? null, changes.displayName ?? null],
        events.updated,
      ),
    setRole: (id, role) =>
      change(
        id,
        `UPDATE users SET role = $2, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
        [id, role],
        events.updated,
      ),
    remove: (id) =>
      change(id, `DELETE FROM users WHERE id = $1 RETURNING ${COLUMNS}`, [id], (client) =>
        events.deleted(client, id),
      ),
  };
}
