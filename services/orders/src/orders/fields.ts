// The rules single request fields follow. Each throws InvalidInput naming the field (never echoing a
// token or key back) and returns the normalised value.
import { InvalidInput } from './order.js';

/** A lower-case UUID (what every id of orders is, once normalised). */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const PAYMENT_TOKEN = /^pm_[A-Za-z0-9_-]{8,128}$/;

/** A UUID, lower-cased. */
export function uuid(raw: string, field: string): string {
  const value = raw.trim().toLowerCase();
  if (value === '') throw new InvalidInput(field, 'REQUIRED', 'is required');
  if (!UUID_SHAPE.test(value)) throw new InvalidInput(field, 'MALFORMED', 'must be a UUID');
  return value;
}

/** 8-64 characters of A-Z, a-z, 0-9, `_` and `-`; case-sensitive, never trimmed. */
export function idempotencyKey(raw: string): string {
  if (raw === '') throw new InvalidInput('idempotency_key', 'REQUIRED', 'is required');
  if (!IDEMPOTENCY_KEY.test(raw)) {
    throw new InvalidInput('idempotency_key', 'MALFORMED', 'must be 8 to 64 characters of A-Z a-z 0-9 _ -');
  }
  return raw;
}

/** `pm_` followed by 8-128 URL-safe characters, as TokenizeCard issues them. */
export function paymentToken(raw: string): string {
  if (raw === '') throw new InvalidInput('payment_token', 'REQUIRED', 'is required');
  if (!PAYMENT_TOKEN.test(raw)) {
    throw new InvalidInput('payment_token', 'MALFORMED', 'must be a payment method token (pm_…)');
  }
  return raw;
}

/** At most 200 characters (code points), no control characters; trimmed. */
export function cancelReason(raw: string): string {
  const value = raw.trim();
  if ([...value].length > 200) throw new InvalidInput('reason', 'TOO_LONG', 'must be at most 200 characters');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidInput('reason', 'MALFORMED', 'must not contain control characters');
  }
  return value;
}
