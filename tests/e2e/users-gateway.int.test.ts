// Users and the gateway end to end: four real service processes on real Postgres shards, Redis and
// Kafka; every call goes through the public REST API. Caching, rate limits and the breaker are in
// gateway-resilience.int.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fromBinary } from '@bufbuild/protobuf';
import {
  UserCreatedSchema,
  UserDeletedSchema,
  UserUpdatedSchema,
} from '@orrery/contracts/orrery/events/v1/user_events_pb';
import { createKafka, TOPICS } from '@orrery/platform/kafka';
import { requireTestList } from '@orrery/platform/testing';
import { SignJWT } from 'jose';
import pino from 'pino';
import { assertProblem, gatewayKit } from '../support/gateway-accounts.js';
import { type ApiResponse, eventually, sampleSum } from '../support/http.js';
import { startTestPlatform, type TestPlatform } from '../support/local-platform.js';

let platform: TestPlatform;
let kit: ReturnType<typeof gatewayKit>;

before(async () => {
  platform = await startTestPlatform({ gateway: { ORRERY_RATE_LIMIT_AUTH_IP: '1000/1s' } });
  kit = gatewayKit(platform);
});
after(async () => {
  await platform?.stop();
});

test('signup → login → me → update → get, through the gateway', async () => {
  const email = `journey-${process.pid}@example.test`;
  const signedUp = await kit.api('POST', '/v1/auth/signup', {
    json: { email, password: 'correct horse battery', displayName: 'Ada' },
  });
  assert.equal(signedUp.status, 201);
  assert.equal(signedUp.body.tokenType, 'Bearer');
  assert.equal(signedUp.body.user.email, email);
  assert.equal(signedUp.body.user.role, 'USER');
  const id: string = signedUp.body.user.id;

  const login = await kit.api('POST', '/v1/auth/login', {
    json: { email, password: 'correct horse battery' },
  });
  assert.equal(login.status, 200);
  const token: string = login.body.accessToken;
  assert.ok(login.body.expiresIn > 0 && login.body.expiresIn <= 3600);

  const me = await kit.api('GET', '/v1/users/me', { token });
  assert.equal(me.status, 200);
  assert.deepEqual([me.body.id, me.body.displayName], [id, 'Ada']);
  assert.match(me.headers.get('ratelimit-remaining') ?? '', /^\d+$/);

  const patched = await kit.api('PATCH', `/v1/users/${id}`, { token, json: { displayName: 'Ada L.' } });
  assert.equal(patched.status, 200);
  assert.equal(patched.body.displayName, 'Ada L.');

  const got = await kit.api('GET', `/v1/users/${id}`, { token });
  assert.equal(got.status, 200);
  assert.equal(got.body.displayName, 'Ada L.');

  const wrong = await kit.api('POST', '/v1/auth/login', { json: { email, password: 'wrong password!' } });
  assertProblem(wrong, 401, 'invalid-credentials');
  const unknown = await kit.api('POST', '/v1/auth/login', {
    json: { email: `nobody-${process.pid}@example.test`, password: 'wrong password!' },
  });
  assert.deepEqual(unknown.body.type, wrong.body.type, 'unknown email and wrong password look the same');
});

test('20 concurrent signups with one email: one 201, nineteen 409, one row', async () => {
  const email = `race-${process.pid}@example.test`;
  const answers = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      kit.api('POST', '/v1/auth/signup', {
        json: { email, password: 'correct horse battery', displayName: `r${i}` },
      }),
    ),
  );
  const statuses = answers.map((answer) => answer.status).sort();
  assert.deepEqual(statuses, [201, ...Array<number>(19).fill(409)]);
  for (const answer of answers.filter((a) => a.status === 409)) assertProblem(answer, 409, 'email-taken');
  assert.deepEqual(await kit.rowsWithEmail(email), { users: 1, claims: 1 });
});

describe('access control: each route × anonymous / other user / owner / admin', () => {
  const cases: { route: string; who: 'anonymous' | 'other' | 'owner' | 'admin'; status: number }[] = [];
  const expectations: Record<string, Record<string, number>> = {
    'GET /v1/users/me': { anonymous: 401, other: 200, owner: 200, admin: 200 },
    'GET /v1/users/{id}': { anonymous: 401, other: 403, owner: 200, admin: 200 },
    'PATCH /v1/users/{id}': { anonymous: 401, other: 403, owner: 200, admin: 200 },
    'DELETE /v1/users/{id}': { anonymous: 401, other: 403, owner: 204, admin: 204 },
  };
  for (const [route, byWho] of Object.entries(expectations)) {
    for (const [who, status] of Object.entries(byWho)) cases.push({ route, who: who as never, status });
  }
  for (const { route, who, status } of cases) {
    test(`${route} as ${who} → ${status}`, async () => {
      const owner = await kit.signup('owner');
      const caller =
        who === 'owner'
          ? owner
          : who === 'other'
            ? await kit.signup('other')
            : who === 'admin'
              ? await kit.admin()
              : undefined;
      const [method, template] = route.split(' ') as [string, string];
      const path = template.replace('{id}', owner.id);
      const response = await kit.api(method, path, {
        ...(caller ? { token: caller.token } : {}),
        ...(method === 'PATCH' ? { json: { displayName: `changed by ${who}` } } : {}),
      });
      assert.equal(response.status, status, JSON.stringify(response.body));
      if (status === 401) assertProblem(response, 401, 'unauthenticated');
      if (status === 403) assertProblem(response, 403, 'forbidden');
      if (route === 'GET /v1/users/me' && caller) assert.equal(response.body.id, caller.id);
      if (route === 'PATCH /v1/users/{id}' && status === 200)
        assert.equal(response.body.displayName, `changed by ${who}`);
      // the refused calls changed nothing
      if (status >= 400 && route !== 'GET /v1/users/me') {
        const own = await kit.api('GET', `/v1/users/${owner.id}`, { token: owner.token });
        assert.equal(own.status, 200);
        assert.equal(own.body.displayName, 'owner');
      }
    });
  }
});

test('bad input gets a precise 4xx, never a 5xx, and stores nothing', async () => {
  const user = await kit.signup('strict');
  const email = `bad-${process.pid}@example.test`;
  const good = { email, password: 'correct horse battery', displayName: 'x' };
  const cases: { name: string; request: () => Promise<ApiResponse>; status: number; type: string }[] = [
    {
      name: 'malformed JSON',
      request: () => kit.api('POST', '/v1/auth/signup', { raw: '{"email": ' }),
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'empty body',
      request: () => kit.api('POST', '/v1/auth/signup', { raw: '' }),
      status: 400,
      type: 'malformed-json',
    },
    {
      name: 'wrong content type',
      request: () =>
        kit.api('POST', '/v1/auth/signup', {
          raw: 'email=a',
          contentType: 'application/x-www-form-urlencoded',
        }),
      status: 415,
      type: 'unsupported-media-type',
    },
    {
      name: 'body over the limit',
      request: () =>
        kit.api('POST', '/v1/auth/signup', { json: { ...good, displayName: 'x'.repeat(20_000) } }),
      status: 413,
      type: 'body-too-large',
    },
    {
      name: 'missing field',
      request: () => kit.api('POST', '/v1/auth/signup', { json: { email, password: good.password } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'extra field',
      request: () => kit.api('POST', '/v1/auth/signup', { json: { ...good, role: 'ADMIN' } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'wrong-typed field',
      request: () => kit.api('POST', '/v1/auth/signup', { json: { ...good, password: 12345678 } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'invalid email',
      request: () => kit.api('POST', '/v1/auth/signup', { json: { ...good, email: 'not-an-email' } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'over-long email',
      request: () =>
        kit.api('POST', '/v1/auth/signup', { json: { ...good, email: `${'a'.repeat(250)}@example.test` } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'empty password',
      request: () => kit.api('POST', '/v1/auth/signup', { json: { ...good, password: '' } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'over-long password',
      request: () => kit.api('POST', '/v1/auth/signup', { json: { ...good, password: 'p'.repeat(129) } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'invalid UTF-8',
      request: () =>
        kit.api('POST', '/v1/auth/signup', {
          raw: Buffer.concat([
            Buffer.from(`{"email":"${email}","password":"correct horse battery","displayName":"`),
            Buffer.from([0xc3, 0x28]),
            Buffer.from('"}'),
          ]),
        }),
      status: 400,
      type: 'invalid-utf8',
    },
    {
      name: 'SQL injection as email',
      request: () =>
        kit.api('POST', '/v1/auth/signup', { json: { ...good, email: "x'); DROP TABLE users; --" } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'SQL injection as id',
      request: () => kit.api('GET', `/v1/users/${encodeURIComponent("1' OR '1'='1")}`, { token: user.token }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'id that is not an id',
      request: () => kit.api('GET', '/v1/users/12345', { token: user.token }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'empty patch',
      request: () => kit.api('PATCH', `/v1/users/${user.id}`, { token: user.token, json: {} }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'patch with null',
      request: () =>
        kit.api('PATCH', `/v1/users/${user.id}`, { token: user.token, json: { displayName: null } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'login with a number',
      request: () => kit.api('POST', '/v1/auth/login', { json: { email, password: 1 } }),
      status: 400,
      type: 'invalid-argument',
    },
    {
      name: 'JSON array body',
      request: () => kit.api('POST', '/v1/auth/login', { json: [email] }),
      status: 400,
      type: 'invalid-argument',
    },
  ];
  for (const { name, request, status, type } of cases) {
    const response = await request();
    assert.equal(response.status, status, `${name}: ${JSON.stringify(response.body)}`);
    assertProblem(response, status, type);
  }
  assert.deepEqual(await kit.rowsWithEmail(email), { users: 0, claims: 0 });
  const me = await kit.api('GET', '/v1/users/me', { token: user.token });
  assert.equal(me.body.displayName, 'strict', 'the refused patches changed nothing');
});

test('expired, malformed, wrongly signed, alg:none and deleted-user tokens get 401', async () => {
  const user = await kit.signup('tokens');
  const key = new TextEncoder().encode(platform.secrets.jwtSecret);
  const claims = { role: 'USER' };
  const sign = (secret: Uint8Array, exp: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(user.id)
      .setIssuer('orrery-gateway')
      .setAudience('orrery-api')
      .setIssuedAt(exp - 60)
      .setExpirationTime(exp)
      .sign(secret);
  const now = Math.floor(Date.now() / 1000);
  const valid = await sign(key, now + 60);
  assert.equal(
    (await kit.api('GET', '/v1/users/me', { token: valid })).status,
    200,
    'a correctly made token works',
  );
  const [header, payload] = valid.split('.') as [string, string];
  const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
  const tokens: Record<string, string> = {
    expired: await sign(key, now - 10),
    'wrong signature': await sign(new TextEncoder().encode('x'.repeat(40)), now + 60),
    malformed: 'not.a.jwt',
    'alg none': none,
    'tampered payload': `${header}.${Buffer.from(JSON.stringify({ sub: user.id, role: 'ADMIN' })).toString('base64url')}.${valid.split('.')[2]}`,
  };
  for (const [name, token] of Object.entries(tokens)) {
    const response = await kit.api('GET', '/v1/users/me', { token });
    assertProblem(response, 401, 'unauthenticated');
    assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer /, name);
  }
  assertProblem(await kit.api('GET', '/v1/users/me'), 401, 'unauthenticated');
  assertProblem(
    await kit.api('GET', '/v1/users/me', { headers: { authorization: 'Basic abc' } }),
    401,
    'unauthenticated',
  );

  assert.equal((await kit.api('DELETE', `/v1/users/${user.id}`, { token: user.token })).status, 204);
  assertProblem(await kit.api('GET', '/v1/users/me', { token: user.token }), 401, 'unauthenticated');
  const failures = await kit.gatewayMetrics();
  for (const reason of ['expired', 'bad_signature', 'malformed', 'unknown_user', 'missing']) {
    assert.ok(sampleSum(failures, 'orrery_auth_failures_total', { reason }) >= 1, reason);
  }
});

test('user changes are published through the outbox: created, updated, deleted, keyed by user id', async () => {
  const user = await kit.signup('events');
  await kit.api('PATCH', `/v1/users/${user.id}`, { token: user.token, json: { displayName: 'renamed' } });
  await kit.api('DELETE', `/v1/users/${user.id}`, { token: user.token });
  const kafka = createKafka({
    brokers: requireTestList('ORRERY_TEST_KAFKA_BROKERS'),
    clientId: 'users-events-test',
    logger: pino({ level: 'silent' }),
  });
  const consumer = kafka.consumer({ groupId: `users-events-test-${process.pid}-${Date.now()}` });
  const seen: { type: string; key: string; summary: string }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [TOPICS.users], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.key?.toString() !== user.id || !message.value) return;
        const type = message.headers?.['orrery-event-type']?.toString() ?? '';
        const summary =
          type === UserCreatedSchema.typeName
            ? fromBinary(UserCreatedSchema, message.value).user?.displayName
            : type === UserUpdatedSchema.typeName
              ? fromBinary(UserUpdatedSchema, message.value).user?.displayName
              : fromBinary(UserDeletedSchema, message.value).userId;
        seen.push({ type, key: message.key.toString(), summary: summary ?? '' });
      },
    });
    await eventually('three events of the user', 30_000, async () => seen.length >= 3);
  } finally {
    await consumer.disconnect();
  }
  assert.deepEqual(seen, [
    { type: 'orrery.events.v1.UserCreated', key: user.id, summary: 'events' },
    { type: 'orrery.events.v1.UserUpdated', key: user.id, summary: 'renamed' },
    { type: 'orrery.events.v1.UserDeleted', key: user.id, summary: user.id },
  ]);
});

test('/openapi.json documents every public route and /docs serves the docs page', async () => {
  const spec = await kit.api('GET', '/openapi.json');
  assert.equal(spec.status, 200);
  assert.equal(spec.body.openapi, '3.0.3');
  for (const path of [
    '/v1/auth/signup',
    '/v1/auth/login',
    '/v1/users/me',
    '/v1/users/{id}',
    '/v1/products',
  ]) {
    assert.ok(spec.body.paths[path], `${path} is documented`);
  }
  assert.ok(spec.body.paths['/v1/auth/signup'].post.requestBody, 'request bodies are documented');
  assert.ok(spec.body.paths['/v1/users/{id}'].patch, 'PATCH is documented');
  const docs = await fetch(`${platform.baseUrl}/docs`, { redirect: 'follow' });
  assert.equal(docs.status, 200);
  assert.match(await docs.text(), /swagger/i);
});
