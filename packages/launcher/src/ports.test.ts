import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { test } from 'node:test';
import { assertPortsFree, isPortFree, LOCAL_PORTS, portClaims, TEST_PORTS } from './ports.js';

function listen(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

test('port constants follow docs/conventions.md', () => {
  assert.deepEqual(LOCAL_PORTS, {
    postgres: 15432,
    redis: 16379,
    kafka: 19092,
    kafkaController: 19093,
    prometheus: 19090,
  });
  assert.deepEqual(TEST_PORTS, {
    postgres: 25432,
    redis: 26379,
    kafka: 29092,
    kafkaController: 29093,
    prometheus: 29090,
  });
});

test('portClaims gives each shard its own port', () => {
  const claims = portClaims(TEST_PORTS, 3);
  assert.deepEqual(
    claims.map((c) => [c.component, c.port]),
    [
      ['postgres shard 0', 25432],
      ['postgres shard 1', 25433],
      ['postgres shard 2', 25434],
      ['redis', 26379],
      ['kafka', 29092],
      ['kafka controller', 29093],
      ['prometheus', 29090],
    ],
  );
});

test('isPortFree sees a listening socket and its release', async () => {
  const { server, port } = await listen();
  assert.equal(await isPortFree(port), false);
  await new Promise((resolve) => server.close(resolve));
  assert.equal(await isPortFree(port), true);
});

test('assertPortsFree names the component, the port and the option to change', async () => {
  const { server, port } = await listen();
  try {
    await assert.rejects(
      assertPortsFree([{ component: 'redis', port, option: 'ports.redis' }]),
      (error: Error) =>
        error.message.includes(`redis: port ${port}`) &&
        error.message.includes('already in use') &&
        error.message.includes('ports.redis'),
    );
  } finally {
    server.close();
  }
});
