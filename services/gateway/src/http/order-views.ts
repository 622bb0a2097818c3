// What the REST API shows of orders and payment methods, with their JSON schemas.
import { type Order, OrderStatus } from '@orrery/contracts/orrery/orders/v1/orders_pb';
import { CardBrand, type PaymentMethod } from '@orrery/contracts/orrery/payments/v1/payments_pb';
import { isoTime, moneySchema, moneyView } from './views.js';

const STATUS: Record<OrderStatus, string> = {
  [OrderStatus.UNSPECIFIED]: 'UNSPECIFIED',
  [OrderStatus.PENDING]: 'PENDING',
  [OrderStatus.PAID]: 'PAID',
  [OrderStatus.FAILED]: 'FAILED',
  [OrderStatus.CANCELLED]: 'CANCELLED',
};

export function orderView(order: Order) {
  return {
    id: order.id,
    status: STATUS[order.status],
    items: order.items.map((item) => ({
      productId: item.productId,
      productName: item.productName,
      quantity: item.quantity,
      unitPrice: moneyView(item.unitPrice),
    })),
    total: moneyView(order.total),
    ...(order.failureReason === '' ? {} : { failureReason: order.failureReason }),
    createdAt: isoTime(order.createdAt),
    updatedAt: isoTime(order.updatedAt),
  };
}

const BRAND: Record<CardBrand, string> = {
  [CardBrand.UNSPECIFIED]: 'unknown',
  [CardBrand.VISA]: 'visa',
  [CardBrand.MASTERCARD]: 'mastercard',
  [CardBrand.AMEX]: 'amex',
  [CardBrand.DISCOVER]: 'discover',
  [CardBrand.OTHER]: 'other',
};

export function paymentMethodView(method: PaymentMethod) {
  return {
    token: method.token,
    brand: BRAND[method.brand],
    last4: method.last4,
    expMonth: method.expMonth,
    expYear: method.expYear,
    createdAt: isoTime(method.createdAt),
  };
}

export const orderSchema = {
  $id: 'Order',
  type: 'object',
  required: ['id', 'status', 'items', 'total', 'createdAt', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    status: { type: 'string', enum: ['PENDING', 'PAID', 'FAILED', 'CANCELLED'] },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['productId', 'productName', 'quantity', 'unitPrice'],
        properties: {
          productId: { type: 'string' },
          productName: { type: 'string' },
          quantity: { type: 'integer' },
          unitPrice: moneySchema,
        },
      },
    },
    total: moneySchema,
    failureReason: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const paymentMethodSchema = {
  $id: 'PaymentMethod',
  type: 'object',
  description: 'A stored card: only brand, last four digits and expiry ever leave the payments service.',
  required: ['token', 'brand', 'last4', 'expMonth', 'expYear', 'createdAt'],
  properties: {
    token: { type: 'string' },
    brand: { type: 'string' },
    last4: { type: 'string' },
    expMonth: { type: 'integer' },
    expYear: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
  },
} as const;

export const orderPaymentSchemas = [orderSchema, paymentMethodSchema] as const;
