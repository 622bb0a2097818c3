import { type Attributes, trace } from '@opentelemetry/api';

/**
 * Adds domain attributes (names from `SPAN_ATTRIBUTES`) to the active span, e.g. the order id on the
 * gRPC server span of CreateOrder. Costs nothing measurable when the span is not recording. Never pass
 * card data or secrets.
 */
export function annotateActiveSpan(attributes: Attributes): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.setAttributes(attributes);
}

/**
 * Adds a named event with attributes to the active span, for facts that occur several times per span
 * (e.g. the breaker state of each upstream a gateway request calls). Pass a function to build the
 * attributes only when the span is recording (hot paths). Never pass card data or secrets.
 */
export function addActiveSpanEvent(name: string, attributes: Attributes | (() => Attributes)): void {
  const span = trace.getActiveSpan();
  if (span?.isRecording()) span.addEvent(name, typeof attributes === 'function' ? attributes() : attributes);
}
