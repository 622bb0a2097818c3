import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { createClient } from './client.js';
import { Status } from './rpc-error.js';
import type { GrpcServer } from './server.js';
import { type Recorder, startFixtureServer } from './test-fixtures.js';

describe('grpc bridge: client channel', () => {
  const servers: { server: GrpcServer; recorder: Recorder }[] = [];

  before(async () => {
    servers.push(await startFixtureServer(), await startFixtureServer());
  });
  after(() => Promise.all(servers.map(({ server }) => server.shutdown(1000))));

  it('spreads calls round-robin over every address of the target', async () => {
    const target = `ipv4:${servers.map(({ server }) => `127.0.0.1:${server.port}`).join(',')}`;
    const users = createClient(UsersService, target);
    try {
      for (let i = 0; i < 10; i++) await users.getUser({ id: `u-${i}` });
    } finally {
      users.close();
    }
    const counts = servers.map(
      ({ recorder }) => recorder.ends.filter((end) => end.code === Status.OK).length,
    );
    assert.equal(
      counts.reduce((sum, count) => sum + count, 0),
      10,
    );
    // pick_first (the grpc-js default) would send all ten to one server
    assert.ok(
      counts.every((count) => count >= 3),
      `uneven spread: ${counts.join(', ')}`,
    );
  });

  it('resolves dns:/// targets', async () => {
    const users = createClient(UsersService, `dns:///localhost:${servers[0]?.server.port}`);
    try {
      const { user } = await users.getUser({ id: 'via-dns' });
      assert.equal(user?.id, 'via-dns');
    } finally {
      users.close();
    }
  });
});
