// The gRPC edge of the payments service. Tokenizing cards and charging (the saga with orders) is not
// built yet: both methods answer UNIMPLEMENTED, saying so. The service already serves health,
// reflection and metrics, waits for its Postgres shards and migrates them.
import { PaymentsService } from '@orrery/contracts/orrery/payments/v1/payments_pb';
import { type ImplementationOf, RpcError, Status } from '@orrery/platform/grpc';

export { PaymentsService };

const notYet = async (): Promise<never> => {
  throw new RpcError(Status.UNIMPLEMENTED, 'payments are not implemented yet');
};

export function paymentsHandler(): ImplementationOf<typeof PaymentsService> {
  return { tokenizeCard: notYet, getPaymentMethod: notYet };
}
