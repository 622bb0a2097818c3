// Domain orders → contract messages (the init shapes the gRPC bridge serializes).
import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { type OrderSchema, OrderStatus } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import type { Order, OrderItem } from '../orders/order.js';

const STATUS: Readonly<Record<Order['status'], OrderStatus>> = {
  PENDING: OrderStatus.PENDING,
  PAID: OrderStatus.PAID,
  FAILED: OrderStatus.FAILED,
  CANCELLED: OrderStatus.CANCELLED,
};

export function itemToContract(item: OrderItem) {
  return {
    productId: item.productId,
    productName: item.productName,
    quantity: item.quantity,
    unitPrice: { amountCents: item.unitPriceCents, currency: item.currency },
  };
}

export function orderToContract(order: Order): MessageInitShape<typeof OrderSchema> {
  return {
    id: order.id,
    userId: order.userId,
    status: STATUS[order.status],
    items: order.items.map(itemToContract),
    total: { amountCents: order.totalCents, currency: order.currency },
    failureReason: order.failureReason,
    createdAt: timestampFromDate(order.createdAt),
    updatedAt: timestampFromDate(order.updatedAt),
  };
}
