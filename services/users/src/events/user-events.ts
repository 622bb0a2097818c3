// User events, written to the outbox in the same transaction as the change they announce (the relay
// publishes them to TOPICS.users, keyed by user id so one user's events stay in order).
import { create, type DescMessage, type MessageShape, toBinary } from '@bufbuild/protobuf';
import {
  UserCreatedSchema,
  UserDeletedSchema,
  UserUpdatedSchema,
} from '@orrery/contracts/orrery/events/v1/user_events_pb';
import { TOPICS } from '@orrery/platform/kafka';
import { appendToOutbox, newEventMeta } from '@orrery/platform/outbox';
import type pg from 'pg';
import { toContract } from '../grpc/user-contract.js';
import type { User } from '../users/user.js';

export interface UserEvents {
  created(client: pg.PoolClient, user: User): Promise<void>;
  updated(client: pg.PoolClient, user: User): Promise<void>;
  deleted(client: pg.PoolClient, userId: string): Promise<void>;
}

async function append<S extends DescMessage>(
  client: pg.PoolClient,
  schema: S,
  userId: string,
  build: (meta: ReturnType<typeof newEventMeta>) => MessageShape<S>,
): Promise<void> {
  const meta = newEventMeta(schema.typeName, 'users');
  await appendToOutbox(client, {
    topic: TOPICS.users,
    key: userId,
    eventId: meta.eventId,
    type: schema.typeName,
    payload: toBinary(schema, build(meta)),
  });
}

export const userEvents: UserEvents = {
  created: (client, user) =>
    append(client, UserCreatedSchema, user.id, (meta) =>
      create(UserCreatedSchema, { meta, user: toContract(user) }),
    ),
  updated: (client, user) =>
    append(client, UserUpdatedSchema, user.id, (meta) =>
      create(UserUpdatedSchema, { meta, user: toContract(user) }),
    ),
  deleted: (client, userId) =>
    append(client, UserDeletedSchema, userId, (meta) => create(UserDeletedSchema, { meta, userId })),
};
