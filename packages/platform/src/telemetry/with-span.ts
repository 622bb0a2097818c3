import { type Attributes, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const TRACER_NAME = '@orrery/platform';

/** The `error.type` attribute for an error: its `code` when it has a string one, else its class name. */
export function errorType(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' && code !== '' ? code : error.name;
  }
  return typeof error;
}

/** Marks `span` failed by `error`: records the exception, sets status ERROR and `error.type`. */
export function recordFailure(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({
    code: SpanStatusCode.ERROR,
    message: error instanceof Error ? error.message : String(error),
  });
  span.setAttribute('error.type', errorType(error));
}

/**
 * Runs `fn` inside a new active span. On failure records the exception, sets status ERROR and
 * `error.type`, ends the span and rethrows. Never put card data or secrets in `attributes`.
 * `kind` defaults to INTERNAL (a Kafka consumer's handling is CONSUMER).
 */
export async function withSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span) => Promise<T> | T,
  kind: SpanKind = SpanKind.INTERNAL,
): Promise<T> {
  return trace.getTracer(TRACER_NAME).startActiveSpan(name, { attributes, kind }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
