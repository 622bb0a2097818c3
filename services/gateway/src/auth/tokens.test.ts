import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SignJWT } from 'jose';
import { TokenRejected, type Tokens, tokens, verifiedTokens } from './tokens.js';

const secret = 's'.repeat(32);
const issuer = tokens({ secret, ttlMs: 60_000 });
const userId = '0b6f7a4e-6f35-4a51-9d59-7d0d1c0b0a11';

async function rejection(token: string): Promise<string> {
  return rejectionBy(issuer, token);
}

async function rejectionBy(verifier: Tokens, token: string): Promise<string> {
  try {
    await verifier.verify(token);
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

test('a verified token is remembered until it expires, and only its exact bytes', async (t) => {
  const remembering = tokens({ secret, ttlMs: 2_000, remembered: 2 });
  const issued = await remembering.issue({ userId, role: 'USER' });
  assert.deepEqual(await remembering.verify(issued.accessToken), { userId, role: 'USER' });
  // the signature's first character changed (the last one may only carry padding bits): not the
  // remembered token, so it is verified again and refused
  const signatureAt = issued.accessToken.lastIndexOf('.') + 1;
  const first = issued.accessToken[signatureAt] === 'A' ? 'B' : 'A';
  const tampered = `${issued.accessToken.slice(0, signatureAt)}${first}${issued.accessToken.slice(signatureAt + 1)}`;
  assert.equal(await rejectionBy(remembering, tampered), 'bad_signature');
  assert.deepEqual(await remembering.verify(issued.accessToken), { userId, role: 'USER' });
  const exp = JSON.parse(Buffer.from(issued.accessToken.split('.')[1] as string, 'base64url').toString()).exp;
  t.mock.timers.enable({ apis: ['Date'], now: exp * 1000 });
  assert.equal(await rejectionBy(remembering, issued.accessToken), 'expired');
});

test('the memory of verified tokens is bounded: the oldest is forgotten first', () => {
  const memory = verifiedTokens(2);
  const later = Math.floor(Date.now() / 1000) + 60;
  memory.remember('a', { userId, role: 'USER' }, later);
  memory.remember('b', { userId, role: 'USER' }, later);
  memory.remember('c', { userId, role: 'ADMIN' }, later);
  assert.equal(memory.get('a'), undefined);
  assert.deepEqual(memory.get('b'), { userId, role: 'USER' });
  assert.deepEqual(memory.get('c'), { userId, role: 'ADMIN' });
});
