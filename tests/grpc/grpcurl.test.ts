// The bridge against the real grpcurl: reflection must be good enough for a real client to list,
// describe and call services with no .proto files at hand.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Role, UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { bindService, createGrpcServer, type GrpcServer, RpcError, Status } from '@orrery/platform/grpc';
import { goTool } from '../support/go-tool.js';
import { type CommandResult, runCommand } from '../support/run-command.js';

const grpcurlTool = {
  name: 'grpcurl',
  pkg: 'github.com/fullstorydev/grpcurl/cmd/grpcurl',
  version: 'v1.9.3',
};

describe('grpc bridge: real grpcurl through server reflection', { timeout: 20 * 60_000 }, () => {
  let grpcurl: string;
  let server: GrpcServer;
  let address: string;

  const run = (...args: string[]): Promise<CommandResult> =>
    runCommand(grpcurl, ['-plaintext', '-max-time', '10', ...args], { timeoutMs: 20_000 });

  before(async () => {
    grpcurl = await goTool(grpcurlTool);
    server = await createGrpcServer({
      host: '127.0.0.1',
      port: 0,
      services: [
        bindService(UsersService, {
          async getUser({ id }) {
            if (id === 'missing') throw new RpcError(Status.NOT_FOUND, `no user ${id}`);
            const at = timestampFromDate(new Date('2025-06-01T12:00:00Z'));
            return {
              user: { id, email: 'ada@example.test', displayName: 'Ada', role: Role.ADMIN, createdAt: at },
            };
          },
          async createUser() {
            throw new RpcError(Status.UNIMPLEMENTED, 'not in this test');
          },
          async updateUser() {
            throw new RpcError(Status.UNIMPLEMENTED, 'not in this test');
          },
          async deleteUser() {
            throw new RpcError(Status.UNIMPLEMENTED, 'not in this test');
          },
          async authenticateUser() {
            throw new RpcError(Status.UNIMPLEMENTED, 'not in this test');
          },
        }),
      ],
    });
    address = `127.0.0.1:${server.port}`;
  });
  after(() => server?.shutdown(1000));

  it('lists the service, health and reflection', async () => {
    const { code, stdout, stderr } = await run(address, 'list');
    assert.equal(code, 0, stderr);
    const services = stdout.trim().split('\n');
    assert.ok(services.includes('orrery.users.v1.UsersService'), stdout);
    assert.ok(services.includes('grpc.health.v1.Health'), stdout);
    assert.ok(services.includes('grpc.reflection.v1.ServerReflection'), stdout);
  });

  it('describes every listed service (each must resolve through reflection)', async () => {
    const all = await run(address, 'describe');
    assert.equal(all.code, 0, all.stderr);
    for (const name of [
      'orrery.users.v1.UsersService',
      'grpc.health.v1.Health',
      'grpc.reflection.v1alpha.ServerReflection',
    ]) {
      assert.match(all.stdout, new RegExp(`^${name.replaceAll('.', '\\.')} is a service:`, 'm'));
    }
  });

  it('describes a service and a message with an imported well-known type', async () => {
    const service = await run(address, 'describe', 'orrery.users.v1.UsersService');
    assert.equal(service.code, 0, service.stderr);
    assert.match(
      service.stdout,
      /rpc GetUser \( \.orrery\.users\.v1\.GetUserRequest \) returns \( \.orrery\.users\.v1\.GetUserResponse \)/,
    );
    const message = await run(address, 'describe', 'orrery.users.v1.User');
    assert.equal(message.code, 0, message.stderr);
    assert.match(message.stdout, /\.google\.protobuf\.Timestamp created_at = 5;/);
  });

  it('calls a method with JSON built from reflected descriptors', async () => {
    const ok = await run('-d', '{"id":"u-42"}', address, 'orrery.users.v1.UsersService/GetUser');
    assert.equal(ok.code, 0, ok.stderr);
    const body = JSON.parse(ok.stdout) as { user: Record<string, unknown> };
    assert.deepEqual(body.user, {
      id: 'u-42',
      email: 'ada@example.test',
      displayName: 'Ada',
      role: 'ROLE_ADMIN',
      createdAt: '2025-06-01T12:00:00Z',
    });

    const missing = await run('-d', '{"id":"missing"}', address, 'orrery.users.v1.UsersService/GetUser');
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /Code: NotFound/);
    assert.match(missing.stderr, /Message: no user missing/);
  });

  it('checks health over the standard protocol', async () => {
    const before = await run('-d', '{"service":""}', address, 'grpc.health.v1.Health/Check');
    assert.equal(before.code, 0, before.stderr);
    assert.deepEqual(JSON.parse(before.stdout), { status: 'NOT_SERVING' });
    server.setServing('', 'SERVING');
    const after = await run('-d', '{"service":""}', address, 'grpc.health.v1.Health/Check');
    assert.deepEqual(JSON.parse(after.stdout), { status: 'SERVING' });
  });
});
