import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidInput } from './order.js';
import { decodePageToken, encodePageToken } from './page-token.js';

const user = '6f1c1a3e-8f55-4b8e-9a57-0f5d2d7e4c11';
const other = '0b6a3c1e-2f55-4b8e-9a57-0f5d2d7e4c22';
const position = { createdMicros: 1_720_000_000_123_456n, id: 'a1c1a3e0-8f55-4b8e-9a57-0f5d2d7e4c11' };

test('a token round-trips for the user it was issued to', () => {
  const token = encodePageToken(user, position);
  assert.match(token, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(decodePageToken(user, token), position);
});

test('malformed tokens and tokens of another user are INVALID_ARGUMENT on page_token', () => {
  const forged = (body: unknown) => Buffer.from(JSON.stringify(body)).toString('base64url');
  const bad = [
    'not a token',
    '!!!',
    'abc',
    'x'.repeat(300),
    encodePageToken(other, position),
    forged({ v: 2, u: user, t: '1', i: position.id }),
    forged({ v: 1, u: user, t: '-1', i: position.id }),
    forged({ v: 1, u: user, t: '1', i: 'nope' }),
    forged([1, 2]),
    forged(null),
  ];
  for (const token of bad) {
    assert.throws(
      () => decodePageToken(user, token),
      (error: unknown) =>
        error instanceof InvalidInput &&
        error.field === 'page_token' &&
        error.reason === 'INVALID_PAGE_TOKEN',
      token,
    );
  }
});
