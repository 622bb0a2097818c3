// The opaque ListOrders cursor: base64url of a small JSON naming the user it was issued for and the last
// order of the page (creation time in µs, id). It carries no secret: a forged token can only move the
// position within the caller's own orders, because every query is bound to the caller's user id.
import type { PagePosition } from '../store/order-store.js';
import { UUID_SHAPE } from './fields.js';
import { InvalidInput } from './order.js';

const MAX_TOKEN_LENGTH = 256;

interface TokenBody {
  v: 1;
  u: string;
  t: string;
  i: string;
}

export function encodePageToken(userId: string, position: PagePosition): string {
  const body: TokenBody = { v: 1, u: userId, t: position.createdMicros.toString(), i: position.id };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function invalid(): InvalidInput {
  return new InvalidInput('page_token', 'INVALID_PAGE_TOKEN', 'is not a page token issued for this user');
}

/** The position a token stands for; INVALID_ARGUMENT when malformed or issued for another user. */
export function decodePageToken(userId: string, token: string): PagePosition {
  if (token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token)) throw invalid();
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  const { v, u, t, i } = (body ?? {}) as Partial<Record<keyof TokenBody, unknown>>;
  if (v !== 1 || u !== userId || typeof t !== 'string' || !/^\d{1,19}$/.test(t)) throw invalid();
  if (typeof i !== 'string' || !UUID_SHAPE.test(i)) throw invalid();
  return { createdMicros: BigInt(t), id: i };
}
