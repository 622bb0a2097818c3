import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { createClient } from './client.js';
import { Status } from './rpc-error.js';
import { startFixtureServer } from './test-fixtures.js';

describe('grpc bridge: graceful shutdown', () => {
  it('lets an in-flight call finish and refuses new ones', async () => {
    const { server, recorder } = await startFixtureServer();
    const users = createClient(UsersService, `127.0.0.1:${server.port}`, { defaultTimeoutMs: 3000 });
    try {
      const inFlight = users.updateUser({ id: 'u-1', displayName: 'Grace' });
      await recorder.gateEntered;
      let stopped = false;
      const stopping = server.shutdown(5000).then(() => {
        stopped = true;
      });
      await assert.rejects(users.getUser({ id: 'late' }, { timeoutMs: 1000 }), { code: Status.UNAVAILABLE });
      assert.equal(stopped, false, 'shutdown finished while a call was still running');
      recorder.releaseGate();
      const { user } = await inFlight;
      assert.equal(user?.displayName, 'Grace');
      await stopping;
    } finally {
      users.close();
    }
  });

  it('cancels calls still running when the grace period ends', async () => {
    const { server, recorder } = await startFixtureServer();
    const users = createClient(UsersService, `127.0.0.1:${server.port}`, { defaultTimeoutMs: 5000 });
    try {
      const stuck = users.getUser({ id: 'slow' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const started = Date.now();
      await server.shutdown(200);
      assert.ok(Date.now() - started < 2000, 'forced shutdown took too long');
      await assert.rejects(stuck, (error: { code?: number }) =>
        [Status.CANCELLED, Status.UNAVAILABLE].includes(error.code ?? -1),
      );
      assert.equal(((await recorder.slowAborted) as { code: number }).code, Status.CANCELLED);
    } finally {
      users.close();
    }
  });
});
