// A CreateOrder request checked and put in canonical form, and the hash that tells a retry of the same
// request from a different request under the same idempotency key.
//
// Duplicates are rejected, not merged: a product may appear only once (as the contract says), because
// merging would make two different-looking requests place the same order silently. Lines are sorted by
// product id for the hash, so the same lines in another order are the same request.
import { createHash } from 'node:crypto';
import { idempotencyKey, paymentToken, uuid } from './fields.js';
import { InvalidInput } from './order.js';

export const MAX_LINES = 50;
export const MAX_QUANTITY = 100;
const PRODUCT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface CreateOrderInput {
  readonly userId: string;
  readonly idempotencyKey: string;
  readonly items: readonly { readonly productId: string; readonly quantity: number }[];
  readonly paymentToken: string;
}

export interface RequestedLine {
  /** Index in the request, for error paths like `items[3].product_id`. */
  readonly index: number;
  readonly productId: string;
  readonly quantity: number;
}

export interface CreateOrderRequest {
  readonly userId: string;
  readonly idempotencyKey: string;
  readonly lines: readonly RequestedLine[];
  readonly paymentToken: string;
  /** SHA-256 (hex) of the canonical request; stored with the idempotency key. */
  readonly hash: string;
}

function line(raw: { productId: string; quantity: number }, index: number): RequestedLine {
  const path = `items[${index}]`;
  if (raw.productId === '') throw new InvalidInput(`${path}.product_id`, 'REQUIRED', 'is required');
  if (!PRODUCT_ID.test(raw.productId)) {
    throw new InvalidInput(`${path}.product_id`, 'UNKNOWN_PRODUCT', 'is not a product of the catalog');
  }
  if (!Number.isInteger(raw.quantity) || raw.quantity < 1 || raw.quantity > MAX_QUANTITY) {
    throw new InvalidInput(`${path}.quantity`, 'OUT_OF_RANGE', `must be 1 to ${MAX_QUANTITY}`);
  }
  return { index, productId: raw.productId, quantity: raw.quantity };
}

export function requestHash(lines: readonly RequestedLine[], token: string): string {
  const canonical = [...lines]
    .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))
    .map((entry) => [entry.productId, entry.quantity]);
  return createHash('sha256')
    .update(JSON.stringify({ v: 1, lines: canonical, token }))
    .digest('hex');
}

/** Validates every field; throws InvalidInput naming the first bad one. Touches no storage. */
export function parseCreateOrder(input: CreateOrderInput): CreateOrderRequest {
  const userId = uuid(input.userId, 'user_id');
  const key = idempotencyKey(input.idempotencyKey);
  if (input.items.length === 0) throw new InvalidInput('items', 'EMPTY_CART', 'must hold at least one line');
  if (input.items.length > MAX_LINES) {
    throw new InvalidInput('items', 'TOO_MANY_LINES', `must hold at most ${MAX_LINES} lines`);
  }
  const lines = input.items.map(line);
  const seen = new Map<string, number>();
  for (const entry of lines) {
    const first = seen.get(entry.productId);
    if (first !== undefined) {
      throw new InvalidInput(
        `items[${entry.index}].product_id`,
        'DUPLICATE_PRODUCT',
        `repeats the product of items[${first}]; put the whole quantity on one line`,
      );
    }
    seen.set(entry.productId, entry.index);
  }
  const token = paymentToken(input.paymentToken);
  return { userId, idempotencyKey: key, lines, paymentToken: token, hash: requestHash(lines, token) };
}
