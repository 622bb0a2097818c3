import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { create, createFileRegistry, fromBinary, type MessageInitShape, toBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { Client, credentials, Metadata } from '@grpc/grpc-js';
import {
  type ServerReflectionRequestSchema,
  type ServerReflectionResponse,
  ServerReflectionRequestSchema as RequestSchema,
  ServerReflectionResponseSchema as ResponseSchema,
} from '@orrery/contracts/grpc/reflection/v1/reflection_pb';
import { Status } from './rpc-error.js';
import type { GrpcServer } from './server.js';
import { startFixtureServer } from './test-fixtures.js';

type Request = MessageInitShape<typeof ServerReflectionRequestSchema>;

/** Sends reflection requests over one raw bidi stream and collects one response per request. */
async function reflect(
  port: number,
  version: 'v1' | 'v1alpha',
  requests: Request[],
): Promise<ServerReflectionResponse[]> {
  const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  try {
    const call = client.makeBidiStreamRequest(
      `/grpc.reflection.${version}.ServerReflection/ServerReflectionInfo`,
      (b: Buffer) => b,
      (b: Buffer) => b,
      new Metadata(),
      { deadline: Date.now() + 5000 },
    );
    for (const request of requests)
      call.write(Buffer.from(toBinary(RequestSchema, create(RequestSchema, request))));
    call.end();
    const responses: ServerReflectionResponse[] = [];
    for await (const chunk of call) responses.push(fromBinary(ResponseSchema, chunk as Buffer));
    return responses;
  } finally {
    client.close();
  }
}

function fileNames(response: ServerReflectionResponse | undefined): string[] {
  assert.equal(response?.messageResponse.case, 'fileDescriptorResponse');
  return response.messageResponse.value.fileDescriptorProto.map(
    (bytes) => fromBinary(FileDescriptorProtoSchema, bytes).name,
  );
}

describe('grpc bridge: server reflection', () => {
  let server: GrpcServer;

  before(async () => {
    ({ server } = await startFixtureServer());
  });
  after(() => server.shutdown(1000));

  for (const version of ['v1', 'v1alpha'] as const) {
    it(`lists the services (${version})`, async () => {
      const [response] = await reflect(server.port, version, [
        { host: 'h', messageRequest: { case: 'listServices', value: '*' } },
      ]);
      assert.equal(response?.messageResponse.case, 'listServicesResponse');
      assert.deepEqual(
        response.messageResponse.value.service.map((s) => s.name),
        [
          'grpc.health.v1.Health',
          'grpc.reflection.v1.ServerReflection',
          'grpc.reflection.v1alpha.ServerReflection',
          'orrery.users.v1.UsersService',
        ],
      );
      assert.equal(response.validHost, 'h');
      assert.equal(response.originalRequest?.messageRequest.case, 'listServices');
    });
  }

  it('resolves a method symbol to its file with transitive dependencies that form a complete registry', async () => {
    const [bySymbol, byFile, unknown] = await reflect(server.port, 'v1', [
      { messageRequest: { case: 'fileContainingSymbol', value: 'orrery.users.v1.UsersService.GetUser' } },
      { messageRequest: { case: 'fileByFilename', value: 'grpc/health/v1/health.proto' } },
      { messageRequest: { case: 'fileContainingSymbol', value: 'orrery.users.v1.Nothing' } },
    ]);
    const names = fileNames(bySymbol);
    assert.equal(names[0], 'orrery/users/v1/users.proto');
    assert.ok(names.includes('google/protobuf/timestamp.proto'), names.join());

    assert.equal(bySymbol?.messageResponse.case, 'fileDescriptorResponse');
    const files = bySymbol.messageResponse.value.fileDescriptorProto.map((b) =>
      fromBinary(FileDescriptorProtoSchema, b),
    );
    const [first, ...dependencies] = files;
    assert.ok(first);
    // the requested file first (clients such as grpcurl rely on that), then everything it needs
    const registry = createFileRegistry(first, (name) => dependencies.find((file) => file.name === name));
    const user = registry.getMessage('orrery.users.v1.User');
    assert.deepEqual(
      user?.fields.map((f) => f.name),
      ['id', 'email', 'display_name', 'role', 'created_at', 'updated_at'],
    );
    assert.equal(registry.getService('orrery.users.v1.UsersService')?.methods.length, 5);

    assert.deepEqual(fileNames(byFile), ['grpc/health/v1/health.proto']);
    const [self] = await reflect(server.port, 'v1', [
      { messageRequest: { case: 'fileContainingSymbol', value: 'grpc.reflection.v1alpha.ServerReflection' } },
    ]);
    assert.deepEqual(fileNames(self), ['grpc/reflection/v1alpha/reflection.proto']);
    assert.equal(unknown?.messageResponse.case, 'errorResponse');
    assert.equal(unknown.messageResponse.value.errorCode, Status.NOT_FOUND);
  });

  it('reports that a known message type has no extensions', async () => {
    const [known, missing] = await reflect(server.port, 'v1alpha', [
      { messageRequest: { case: 'allExtensionNumbersOfType', value: 'orrery.users.v1.User' } },
      { messageRequest: { case: 'allExtensionNumbersOfType', value: 'orrery.users.v1.Nope' } },
    ]);
    assert.equal(known?.messageResponse.case, 'allExtensionNumbersResponse');
    assert.deepEqual(known.messageResponse.value.extensionNumber, []);
    assert.equal(missing?.messageResponse.case, 'errorResponse');
  });
});
