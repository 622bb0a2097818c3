import type { KafkaMessage } from 'kafkajs';
import { EVENT_HEADERS } from './topics.js';

/** One Kafka message as a resilient consumer's handler sees it. */
export interface InboundEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | undefined;
  value: Buffer;
  eventId: string | undefined;
  eventType: string | undefined;
  /** Every header as text (the first value of a repeated header). */
  headers: Record<string, string>;
}

/** Kafka headers as text: the first value of a repeated header, undefined values left out. */
export function headersAsText(headers: KafkaMessage['headers']): Record<string, string> {
  const text: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const first = Array.isArray(raw) ? raw[0] : raw;
    if (first !== undefined) text[name] = first.toString();
  }
  return text;
}

/** Why a message cannot be handled at all, or undefined when it can. */
export function malformedReason(message: KafkaMessage, headers: Record<string, string>): string | undefined {
  if (message.value === null) return 'message has no value';
  if ((headers[EVENT_HEADERS.eventType] ?? '') === '')
    return `message has no ${EVENT_HEADERS.eventType} header`;
  return undefined;
}

/** The handler's view of a well-formed message. */
export function toInboundEvent(
  topic: string,
  partition: number,
  message: KafkaMessage,
  headers: Record<string, string>,
): InboundEvent {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key === null ? undefined : message.key.toString(),
    value: message.value ?? Buffer.alloc(0),
    eventId: headers[EVENT_HEADERS.eventId],
    eventType: headers[EVENT_HEADERS.eventType],
    headers,
  };
}
