import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { TokenRejected, tokens } from './tokens.js';

const secret = 's'.repeat(32);
const issuer = tokens({ secret, ttlMs: 60_000 });
const userId = '0b6f7a4e-6f35-4a51-9d59-7d0d1c0b0a11';

async function rejection(token: string): Promise<string> {
  try {
    await issuer.verify(token);
  } catch (error) {
    assert.ok(error instanceof TokenRejected);
    return error.reason;
  }
  return 'accepted';
}

test('an issued token verifies to its claims and expires after the ttl', async () => {
  const issued = await issuer.issue({ userId, role: 'ADMIN' });
  assert.equal(issued.expiresIn, 60);
  assert.deepEqual(await issuer.verify(issued.accessToken), { userId, role: 'ADMIN' });
  const [, payload] = issued.accessToken.split('.') as [string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
  assert.equal(claims.exp - claims.iat, 60);
});

test('each kind of bad token is refused with its reason', async () => {
  const key = new TextEncoder().encode(secret);
  const now = Math.floor(Date.now() / 1000);
  const base = () =>
    new SignJWT({ role: 'USER' })
      .setSubject(userId)
      .setIssuer('orrery-gateway')
      .setAudience('orrery-api')
      .setIssuedAt(now - 5);
  const good = await base()
    .setProtectedHeader({ alg: 'HS256' })
    .setExpirationTime(now + 60)
    .sign(key);
  const [, payload] = good.split('.') as [string, string];
  assert.equal(await rejection(good), 'accepted');
  assert.equal(
    await rejection(
      await base()
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(now - 1)
        .sign(key),
    ),
    'expired',
  );
  assert.equal(
    await rejection(
      await base()
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(now + 60)
        .sign(new TextEncoder().encode('t'.repeat(32))),
    ),
    'bad_signature',
  );
  assert.equal(
    await rejection(
      await base()
        .setProtectedHeader({ alg: 'HS512' })
        .setExpirationTime(now + 60)
        .sign(key),
    ),
    'alg_not_allowed',
  );
  const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
  assert.notEqual(await rejection(none), 'accepted');
  assert.equal(await rejection('garbage'), 'malformed');
  const otherAudience = await new SignJWT({ role: 'USER' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer('orrery-gateway')
    .setAudience('someone-else')
    .setIssuedAt()
    .setExpirationTime(now + 60)
    .sign(key);
  assert.equal(await rejection(otherAudience), 'bad_claims');
  const badRole = await new SignJWT({ role: 'ROOT' })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(userId)
    .setIssuer('orrery-gateway')
    .setAudience('orrery-api')
    .setIssuedAt()
    .setExpirationTime(now + 60)
    .sign(key);
  assert.equal(await rejection(badRole), 'bad_claims');
});
