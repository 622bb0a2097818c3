import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { type ClientOf, createClient } from './client.js';
import { RpcError, Status } from './rpc-error.js';
import type { GrpcServer } from './server.js';
import { eventually, type Recorder, startFixtureServer } from './test-fixtures.js';

describe('grpc bridge: deadlines and cancellation', () => {
  let server: GrpcServer;
  let recorder: Recorder;
  let users: ClientOf<typeof UsersService>;

  before(async () => {
    ({ server, recorder } = await startFixtureServer());
    users = createClient(UsersService, `127.0.0.1:${server.port}`, { defaultTimeoutMs: 2000 });
  });
  after(async () => {
    users.close();
    await server.shutdown(1000);
  });

  it('fails a call slower than its deadline with DEADLINE_EXCEEDED and aborts the server signal', async () => {
    await users.getUser({ id: 'warm-up' }); // connect first, so the deadline covers only the call
    const started = Date.now();
    await assert.rejects(users.getUser({ id: 'slow' }, { timeoutMs: 400 }), (error: unknown) => {
      assert.ok(error instanceof RpcError);
      assert.equal(error.code, Status.DEADLINE_EXCEEDED);
      return true;
    });
    // the handler would sleep 3 s; the deadline must cut it short
    assert.ok(Date.now() - started < 2500, 'call was not cut short by its deadline');
    await withTimeout(recorder.slowEntered, 1000);
    const reason = await withTimeout(recorder.slowAborted, 2000);
    assert.ok(reason instanceof RpcError);
    assert.equal(reason.code, Status.DEADLINE_EXCEEDED);
    await eventually(() => recorder.ends.some((end) => end.code === Status.DEADLINE_EXCEEDED));
  });

  it('cancels a call through its AbortSignal with CANCELLED', async () => {
    const controller = new AbortController();
    const pending = users.getUser({ id: 'slow' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(pending, { name: 'RpcError', code: Status.CANCELLED });
    await assert.rejects(users.getUser({ id: 'x' }, { signal: controller.signal }), {
      code: Status.CANCELLED,
    });
  });

  it('rejects with UNAVAILABLE when nothing listens', async () => {
    const nowhere = createClient(UsersService, '127.0.0.1:1', { defaultTimeoutMs: 1000 });
    try {
      await assert.rejects(nowhere.getUser({ id: 'x' }), { code: Status.UNAVAILABLE });
    } finally {
      nowhere.close();
    }
  });
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
