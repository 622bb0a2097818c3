import {
  type Context,
  context,
  propagation,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

/** Kafka message headers as kafkajs shapes them. */
export type MessageHeaders = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

const setter: TextMapSetter<MessageHeaders> = {
  set(carrier, key, value) {
    carrier[key] = value;
  },
};

const getter: TextMapGetter<MessageHeaders> = {
  keys(carrier) {
    return Object.keys(carrier);
  },
  get(carrier, key) {
    const value = carrier[key] ?? carrier[Object.keys(carrier).find((k) => k.toLowerCase() === key) ?? ''];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/**
 * Writes the W3C trace context (`traceparent`, `tracestate`, `baggage`) of `ctx` (default: the active
 * context) into `headers` and returns them. With no active span it writes nothing.
 */
export function injectTraceHeaders(
  headers: MessageHeaders = {},
  ctx: Context = context.active(),
): MessageHeaders {
  propagation.inject(ctx, headers, setter);
  return headers;
}

/**
 * Reads W3C trace context from message headers into a context derived from the active one; run the
 * consumer's work under it with `context.with(extractTraceContext(headers), fn)`.
 */
export function extractTraceContext(headers: MessageHeaders | undefined): Context {
  return propagation.extract(context.active(), headers ?? {}, getter);
}
