// What the REST API shows of gRPC messages, with the JSON schemas that document and check them.
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Role, type User } from '@orrery/contracts/orrery/users/v1/users_pb';

export interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: 'USER' | 'ADMIN';
  createdAt: string;
  updatedAt: string;
}

export function userView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role === Role.ADMIN ? 'ADMIN' : 'USER',
    createdAt: user.createdAt ? timestampDate(user.createdAt).toISOString() : '',
    updatedAt: user.updatedAt ? timestampDate(user.updatedAt).toISOString() : '',
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
