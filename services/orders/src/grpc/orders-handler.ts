// The gRPC edge of the orders service: contract messages ⇄ use cases, domain errors → gRPC status with
// a stable `reason` detail (and `field` for bad input) that the gateway maps to HTTP.
import { OrdersService } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import { type ImplementationOf, RpcError, Status } from '@orrery/platform/grpc';
import { listProducts } from '../catalog/list-products.js';
import { cancelOrder } from '../orders/cancel-order.js';
import { createOrder } from '../orders/create-order.js';
import type { OrdersDeps } from '../orders/deps.js';
import { getOrder } from '../orders/get-order.js';
import { listOrders } from '../orders/list-orders.js';
import { IdempotencyKeyReused, InvalidInput, OrderNotFound, OrderNotPending } from '../orders/order.js';
import { orderToContract } from './to-contract.js';

export { OrdersService };

/** Domain errors become their gRPC status; anything else propagates (the bridge answers INTERNAL). */
function toStatus(error: unknown): never {
  if (error instanceof InvalidInput) {
    throw new RpcError(Status.INVALID_ARGUMENT, error.message, { reason: error.reason, field: error.field });
  }
  if (error instanceof OrderNotFound)
    throw new RpcError(Status.NOT_FOUND, error.message, { reason: error.reason });
  if (error instanceof IdempotencyKeyReused || error instanceof OrderNotPending) {
    throw new RpcError(Status.FAILED_PRECONDITION, error.message, { reason: error.reason });
  }
  throw error;
}

export function ordersHandler(deps: OrdersDeps): ImplementationOf<typeof OrdersService> {
  return {
    async listProducts() {
      const products = await listProducts(deps.shards);
      return {
        products: products.map((product) => ({
          id: product.id,
          name: product.name,
          description: product.description,
          unitPrice: { amountCents: product.priceCents, currency: product.currency },
        })),
      };
    },
    async createOrder(request) {
      const { order, replayed } = await createOrder(deps, {
        userId: request.userId,
        idempotencyKey: request.idempotencyKey,
        items: request.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
        paymentToken: request.paymentToken,
      }).catch(toStatus);
      return { order: orderToContract(order), replayed };
    },
    async getOrder(request) {
      const order = await getOrder(deps, { userId: request.userId, id: request.id }).catch(toStatus);
      return { order: orderToContract(order) };
    },
    async listOrders(request) {
      const page = await listOrders(deps, {
        userId: request.userId,
        pageSize: request.pageSize,
        pageToken: request.pageToken,
      }).catch(toStatus);
      return { orders: page.orders.map(orderToContract), nextPageToken: page.nextPageToken };
    },
    async cancelOrder(request) {
      const order = await cancelOrder(deps, {
        userId: request.userId,
        id: request.id,
        reason: request.reason,
      }).catch(toStatus);
      return { order: orderToContract(order) };
    },
  };
}
