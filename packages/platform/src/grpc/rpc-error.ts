import { Metadata, status as Status } from '@grpc/grpc-js';

export { Status };

/** Optional string details of an RpcError, carried as trailing metadata (keys: lower-case ASCII). */
export type RpcErrorDetails = Readonly<Record<string, string>>;

/**
 * A failure with a gRPC status. Thrown by a handler, it becomes that status and message on the wire;
 * a client call rejects with one. Any other error thrown by a handler becomes INTERNAL with a generic
 * message, so that causes never reach callers.
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';

  constructor(
    /** The gRPC status code. */
    readonly code: Status,
    message: string,
    /** Extra machine-readable facts (e.g. `{ field: 'email' }`), sent as trailing metadata. */
    readonly details: RpcErrorDetails = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The status name, e.g. `NOT_FOUND`. */
  get codeName(): string {
    return statusName(this.code);
  }
}

/** The name of a status code, e.g. `statusName(5) === 'NOT_FOUND'`. */
export function statusName(code: Status): string {
  return Status[code] ?? `UNKNOWN_STATUS_${code}`;
}

/** Metadata carrying the details; keys grpc-js would refuse are dropped rather than failing the call. */
export function detailsToMetadata(details: RpcErrorDetails): Metadata {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(details)) {
    if (key.endsWith('-bin') || key.startsWith('grpc-')) continue;
    try {
      metadata.set(key, value);
    } catch {
      // an invalid metadata key or value: not worth failing the call over
    }
  }
  return metadata;
}

/** The string entries of metadata as details. */
export function metadataToDetails(metadata: Metadata | undefined): RpcErrorDetails {
  const details: Record<string, string> = {};
  if (!metadata) return details;
  for (const [key, value] of Object.entries(metadata.getMap())) {
    if (typeof value === 'string') details[key] = value;
  }
  return details;
}
