import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { createClient } from './client.js';
import { createGrpcServer } from './server.js';
import type { ImplementationOf } from './types.js';

describe('grpc bridge: bad configuration fails at startup', () => {
  it('rejects an implementation that lacks a method, naming it', async () => {
    const partial = { getUser: async () => ({}) } as unknown as ImplementationOf<typeof UsersService>;
    await assert.rejects(
      createGrpcServer({
        host: '127.0.0.1',
        port: 0,
        services: [{ service: UsersService, implementation: partial }],
      }),
      /implementation of orrery\.users\.v1\.UsersService lacks method createUser\(\)/,
    );
  });

  it('rejects a port outside 0..65535 and a service registered twice', async () => {
    await assert.rejects(createGrpcServer({ host: '127.0.0.1', port: 70_000, services: [] }), {
      name: 'RangeError',
      message: /integer in 0\.\.65535, got 70000/,
    });
    const impl = {} as ImplementationOf<typeof UsersService>;
    await assert.rejects(
      createGrpcServer({
        host: '127.0.0.1',
        port: 0,
        services: [
          { service: UsersService, implementation: impl },
          { service: UsersService, implementation: impl },
        ],
      }),
      /registered twice/,
    );
  });

  it('rejects a non-positive default client timeout', () => {
    assert.throws(() => createClient(UsersService, '127.0.0.1:1', { defaultTimeoutMs: 0 }), /must be > 0/);
  });
});
