// Who a call acts for. The gateway verifies the user's token and passes the user id in this header;
// services check it again (defence in depth) instead of trusting the ids inside a request.
import { RpcError, Status } from './rpc-error.js';
import type { CallContext } from './types.js';

/** Request metadata key carrying the id of the authenticated user a call acts for. */
export const CALLER_ID_HEADER = 'orrery-caller-id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Metadata for a call made on behalf of `userId`. */
export function callerMetadata(userId: string): Record<string, string> {
  return { [CALLER_ID_HEADER]: userId };
}

/** The caller's user id; UNAUTHENTICATED when the header is missing or not a lower-case UUID. */
export function callerIdOf(call: Pick<CallContext, 'header'>): string {
  const id = call.header(CALLER_ID_HEADER);
  if (id === undefined || !UUID.test(id)) {
    throw new RpcError(Status.UNAUTHENTICATED, `missing or malformed ${CALLER_ID_HEADER} metadata`, {
      reason: 'CALLER_REQUIRED',
    });
  }
  return id;
}
