// What the REST API shows of gRPC messages, with the JSON schemas that document and check them.
import { type Timestamp, timestampDate } from '@bufbuild/protobuf/wkt';
import type { Money } from '@orrery/contracts/orrery/common/v1/money_pb';
import { Role, type User } from '@orrery/contracts/orrery/users/v1/users_pb';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: 'USER' | 'ADMIN';
  createdAt: string;
  updatedAt: string;
}

/** A timestamp as ISO 8601, or '' when unset. */
export const isoTime = (at: Timestamp | undefined): string => (at ? timestampDate(at).toISOString() : '');

/** Money as integer minor units and an ISO 4217 code. */
export function moneyView(value: Money | undefined): { amountCents: number; currency: string } {
  return { amountCents: Number(value?.amountCents ?? 0n), currency: value?.currency ?? 'USD' };
}

export const moneySchema = {
  type: 'object',
  required: ['amountCents', 'currency'],
  properties: {
    amountCents: { type: 'integer', minimum: 0 },
    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
  },
} as const;

export function userView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role === Role.ADMIN ? 'ADMIN' : 'USER',
    createdAt: isoTime(user.createdAt),
    updatedAt: isoTime(user.updatedAt),
  };
}

export const userSchema = {
  $id: 'User',
  type: 'object',
  required: ['id', 'email', 'displayName', 'role', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    email: { type: 'string', format: 'email' },
    displayName: { type: 'string' },
    role: { type: 'string', enum: ['USER', 'ADMIN'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const problemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details; `type` is stable per error.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    field: { type: 'string' },
  },
} as const;

export const tokenSchema = {
  $id: 'AccessToken',
  type: 'object',
  required: ['accessToken', 'tokenType', 'expiresIn', 'user'],
  properties: {
    accessToken: { type: 'string' },
    tokenType: { type: 'string', enum: ['Bearer'] },
    expiresIn: { type: 'integer', description: 'seconds' },
    user: { $ref: 'User#' },
  },
} as const;

/** `{ id }` path parameter: a UUID. */
export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', format: 'uuid', maxLength: 36 } },
} as const;

/** Error responses every route may give, referenced from each route's schema. */
export function problemResponses(...statuses: number[]): Record<number, { $ref: string }> {
  return Object.fromEntries(statuses.map((status) => [status, { $ref: 'Problem#' }]));
}
