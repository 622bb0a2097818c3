// Bad configuration stops a service at boot, naming every bad variable, before it touches anything.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/local-platform.js';

function boot(service: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [join(repoRoot, 'services', service, 'dist', 'main.js')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr };
}

test('users: out-of-range port and a non-Postgres URL are both named, exit 1', () => {
  const { code, stderr } = boot('users', { ORRERY_GRPC_PORT: '70000', ORRERY_PG_URLS: 'mysql://db/users' });
  assert.equal(code, 1);
  assert.match(stderr, /ORRERY_GRPC_PORT: expected an integer port 1-65535/);
  assert.match(stderr, /ORRERY_PG_URLS: .*scheme "mysql:"/);
});

test('orders: a missing shard list is named as required', () => {
  const { code, stderr } = boot('orders', {});
  assert.equal(code, 1);
  assert.match(stderr, /ORRERY_PG_URLS: required/);
});

test('payments: more shards than supported is an unknown shard count', () => {
  const urls = Array.from({ length: 65 }, (_, i) => `postgres://h/db${i}`).join(',');
  const { code, stderr } = boot('payments', { ORRERY_PG_URLS: urls });
  assert.equal(code, 1);
  assert.match(stderr, /ORRERY_PG_URLS: .*unknown shard count 65/);
});

test('gateway: a bad upstream target and log level are named', () => {
  const { code, stderr } = boot('gateway', { ORRERY_USERS_ADDR: 'not a target', ORRERY_LOG_LEVEL: 'loud' });
  assert.equal(code, 1);
  assert.match(stderr, /ORRERY_USERS_ADDR: expected a gRPC target/);
  assert.match(stderr, /ORRERY_LOG_LEVEL: expected one of/);
});
