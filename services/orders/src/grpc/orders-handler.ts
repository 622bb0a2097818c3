// The gRPC edge of the orders service. The catalog is served now; placing, reading and cancelling
// orders (the saga with payments) is not built yet and answers UNIMPLEMENTED, saying so.
import { OrdersService } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import { type ImplementationOf, RpcError, Status } from '@orrery/platform/grpc';
import type { ShardSet } from '@orrery/platform/pg';
import { listProducts } from '../catalog/list-products.js';

export { OrdersService };

const notYet = async (): Promise<never> => {
  throw new RpcError(Status.UNIMPLEMENTED, 'orders are not implemented yet; only ListProducts is served');
};

export function ordersHandler(shards: ShardSet): ImplementationOf<typeof OrdersService> {
  return {
    async listProducts() {
      const products = await listProducts(shards);
      return {
        products: products.map((product) => ({
          id: product.id,
          name: product.name,
          description: product.description,
          unitPrice: { amountCents: product.priceCents, currency: product.currency },
        })),
      };
    },
    createOrder: notYet,
    getOrder: notYet,
    listOrders: notYet,
    cancelOrder: notYet,
  };
}
