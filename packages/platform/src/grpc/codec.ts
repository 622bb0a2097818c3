// Messages cross grpc-js as raw bytes; the client and the server bridge encode and decode them with
// protobuf-es (each decodes itself, to turn bad bytes into its own status).
import { create, type DescMessage, type DescMethod, toBinary } from '@bufbuild/protobuf';

/** The grpc-js (de)serializer of raw bytes. */
export const passThrough = (bytes: Buffer): Buffer => bytes;

/** The HTTP/2 path of `method`: `/package.Service/Method`. */
export function path(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

/** `init` as a `schema` message in binary form. */
export function encode(schema: DescMessage, init: unknown): Buffer {
  const bytes = toBinary(schema, create(schema, init as Parameters<typeof create>[1]));
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
