// A real UsersService implementation for the bridge's tests (not exported from the package index).
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Role, UsersService } from '@orrery/contracts/orrery/users/v1/users_pb';
import { RpcError, Status } from './rpc-error.js';
import { createGrpcServer, type GrpcServer } from './server.js';
import type { CallEnd, GrpcLogger, ImplementationOf } from './types.js';

/** What the fixture records so tests can check the server side. */
export interface Recorder {
  readonly ends: CallEnd[];
  readonly logged: { fields: Record<string, unknown>; message: string }[];
  /** Resolves when the `slow` handler has started. */
  slowEntered: Promise<void>;
  /** Resolves with the abort reason when the `slow` handler's signal fires. */
  slowAborted: Promise<unknown>;
  /** Lets a gated `updateUser` call finish. */
  releaseGate(): void;
  /** Resolves when a gated `updateUser` call has started. */
  gateEntered: Promise<void>;
}

/** The secret an unexpected error carries; it must never reach a client. */
export const secretMessage = 'connection to postgres://admin:hunter2@db failed';

/** Starts a server on 127.0.0.1:0 serving the fixture UsersService. */
export async function startFixtureServer(): Promise<{ server: GrpcServer; recorder: Recorder }> {
  let onSlowAbort: (reason: unknown) => void = () => {};
  let onSlowEnter: () => void = () => {};
  let release: () => void = () => {};
  let entered: () => void = () => {};
  const recorder: Recorder = {
    ends: [],
    logged: [],
    slowEntered: new Promise((resolve) => {
      onSlowEnter = resolve;
    }),
    slowAborted: new Promise((resolve) => {
      onSlowAbort = resolve;
    }),
    releaseGate: () => release(),
    gateEntered: new Promise((resolve) => {
      entered = resolve;
    }),
  };
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const implementation: ImplementationOf<typeof UsersService> = {
    async getUser(request, call) {
      if (request.id === 'missing') throw new RpcError(Status.NOT_FOUND, 'no user missing', { field: 'id' });
      if (request.id === 'boom') throw new Error(secretMessage);
      if (request.id === 'slow') {
        onSlowEnter();
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 3000);
          call.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            onSlowAbort(call.signal.reason);
            resolve();
          });
        });
        call.signal.throwIfAborted();
      }
      const at = timestampFromDate(new Date('2025-01-02T03:04:05Z'));
      return {
        user: {
          id: request.id,
          email: `${request.id}@example.test`,
          displayName: call.header('x-display-name') ?? 'anonymous',
          role: Role.ADMIN,
          createdAt: at,
          updatedAt: at,
        },
      };
    },
    async deleteUser() {
      return {};
    },
    async createUser(request) {
      return { user: { id: 'new', email: request.email, displayName: request.displayName, role: Role.USER } };
    },
    async updateUser(request) {
      entered();
      await gate;
      return { user: { id: request.id, displayName: request.displayName ?? '' } };
    },
    async authenticateUser() {
      throw new RpcError(Status.UNAUTHENTICATED, 'wrong email or password');
    },
  };
  const logger: GrpcLogger = {
    error: (fields, message) => recorder.logged.push({ fields, message }),
    warn: (fields, message) => recorder.logged.push({ fields, message }),
  };
  const server = await createGrpcServer({
    host: '127.0.0.1',
    port: 0,
    services: [{ service: UsersService, implementation }],
    observer: { onCallEnd: (end) => recorder.ends.push(end) },
    logger,
  });
  return { server, recorder };
}

/** Waits (bounded) until `check` is true, polling every 10 ms. */
export async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
