import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { Role, UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { type ClientOf, createClient } from './client.js';
import { RpcError, Status } from './rpc-error.js';
import type { GrpcServer } from './server.js';
import { eventually, type Recorder, secretMessage, startFixtureServer } from './test-fixtures.js';

describe('grpc bridge: unary calls', () => {
  let server: GrpcServer;
  let recorder: Recorder;
  let users: ClientOf<typeof UsersService>;

  before(async () => {
    ({ server, recorder } = await startFixtureServer());
    users = createClient(UsersService, `127.0.0.1:${server.port}`);
  });
  after(async () => {
    users.close();
    await server.shutdown(1000);
  });

  it('round-trips a request, response, metadata and well-known types', async () => {
    const { user } = await users.getUser({ id: 'u-1' }, { metadata: { 'x-display-name': 'Ada' } });
    assert.equal(user?.id, 'u-1');
    assert.equal(user?.email, 'u-1@example.test');
    assert.equal(user?.displayName, 'Ada');
    assert.equal(user?.role, Role.ADMIN);
    assert.ok(user?.createdAt);
    assert.equal(timestampDate(user.createdAt).toISOString(), '2025-01-02T03:04:05.000Z');
    await eventually(() => recorder.ends.some((end) => end.method === 'GetUser' && end.code === Status.OK));
    const end = recorder.ends.find((e) => e.method === 'GetUser' && e.code === Status.OK);
    assert.equal(end?.service, 'orrery.users.v1.UsersService');
    assert.ok(end && end.durationSeconds >= 0 && end.durationSeconds < 5);
  });

  it('maps an RpcError to its status, message and details', async () => {
    const error = await users.getUser({ id: 'missing' }).then(
      () => assert.fail('expected NOT_FOUND'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RpcError);
    assert.equal(error.code, Status.NOT_FOUND);
    assert.equal(error.codeName, 'NOT_FOUND');
    assert.equal(error.message, 'no user missing');
    assert.equal(error.details.field, 'id');
    await assert.rejects(users.authenticateUser({ email: 'a@b.c', password: 'x' }), {
      code: Status.UNAUTHENTICATED,
    });
  });

  it('turns an unexpected error into INTERNAL without leaking it, and logs the cause', async () => {
    const error = await users.getUser({ id: 'boom' }).then(
      () => assert.fail('expected INTERNAL'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof RpcError);
    assert.equal(error.code, Status.INTERNAL);
    assert.equal(error.message, 'internal error');
    assert.doesNotMatch(JSON.stringify({ m: error.message, d: error.details }), /hunter2/);
    const logged = recorder.logged.find((entry) => entry.fields.err instanceof Error);
    assert.ok(logged, 'the cause was not logged');
    assert.equal((logged.fields.err as Error).message, secretMessage);
    assert.equal(logged.fields.rpc, 'orrery.users.v1.UsersService/GetUser');
    await eventually(() => recorder.ends.some((end) => end.code === Status.INTERNAL));
    const end = recorder.ends.find((e) => e.code === Status.INTERNAL);
    assert.ok(end, 'the observer did not hear of the failure');
    assert.equal((end.error as Error).message, secretMessage);
  });

  it('answers undecodable request bytes with INVALID_ARGUMENT', async () => {
    const raw = new Client(`127.0.0.1:${server.port}`, credentials.createInsecure());
    try {
      // field 1 (string) claims 5 bytes but only 1 follows
      const garbage = Buffer.from([0x0a, 0x05, 0x61]);
      const error = await new Promise<ServiceError | null>((resolve) => {
        raw.makeUnaryRequest(
          '/orrery.users.v1.UsersService/GetUser',
          (b: Buffer) => b,
          (b: Buffer) => b,
          garbage,
          new Metadata(),
          { deadline: Date.now() + 2000 },
          (err) => resolve(err),
        );
      });
      assert.equal(error?.code, Status.INVALID_ARGUMENT);
      assert.match(error?.details ?? '', /not a valid orrery\.users\.v1\.GetUserRequest/);
    } finally {
      raw.close();
    }
  });
});
