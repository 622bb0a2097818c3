// User events, written to the outbox in the same transaction as the change they announce (the relay
// publishes them to TOPICS.users, keyed by user id so one user's events stay in order).
import {
  UserCreatedSchema,
  UserDeletedSchema,
  UserUpdatedSchema,
} from '@orrery/contracts/orrery/events/v1/user_events_pb';
import { TOPICS } from '@orrery/platform/kafka';
import { appendToOutbox, outboxEvent } from '@orrery/platform/outbox';
import type pg from 'pg';
import { toContract } from '../grpc/user-contract.js';
import type { User } from '../users/user.js';

export interface UserEvents {
  created(client: pg.PoolClient, user: User): Promise<void>;
  updated(client: pg.PoolClient, user: User): Promise<void>;
  deleted(client: pg.PoolClient, userId: string): Promise<void>;
}

/** Every user event goes to TOPICS.users under the user's id. */
const target = (userId: string) => ({ topic: TOPICS.users, key: userId, source: 'users' });

export const userEvents: UserEvents = {
  created: (client, user) =>
    appendToOutbox(
      client,
      outboxEvent(UserCreatedSchema, target(user.id), (meta) => ({ meta, user: toContract(user) })),
    ),
  updated: (client, user) =>
    appendToOutbox(
      client,
      outboxEvent(UserUpdatedSchema, target(user.id), (meta) => ({ meta, user: toContract(user) })),
    ),
  deleted: (client, userId) =>
    appendToOutbox(
      client,
      outboxEvent(UserDeletedSchema, target(userId), (meta) => ({ meta, userId })),
    ),
};
