import { type Attributes, type Context, type Link, SpanKind, trace } from '@opentelemetry/api';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
} from '@opentelemetry/sdk-trace-base';

const DROP: SamplingResult = { decision: SamplingDecision.NOT_RECORD };

/**
 * Parent-based sampling (root spans sampled, children follow their parent's sampled flag), except the
 * kafkajs instrumentation's per-batch `poll <topic>` spans: they open a new trace for every fetched
 * batch, and each message is already handled in a consumer span parented into its producer's trace
 * (`kafka/traced-handling.ts`), so those batch traces would only be noise.
 */
export class OrrerySampler implements Sampler {
  private readonly inner = new ParentBasedSampler({ root: new AlwaysOnSampler() });

  shouldSample(
    context: Context,
    traceId: string,
    name: string,
    kind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    if (
      kind === SpanKind.CLIENT &&
      attributes['messaging.operation.type'] === 'receive' &&
      trace.getSpanContext(context) === undefined
    ) {
      return DROP;
    }
    return this.inner.shouldSample(context, traceId, name, kind, attributes, links);
  }

  toString(): string {
    return 'OrrerySampler{ParentBased(AlwaysOn), kafka batch receive roots dropped}';
  }
}

/**
 * The sampler for a process: with nowhere to send spans, none is recorded (spans stay non-recording
 * but keep real trace and span ids, so logs carry them and W3C context still propagates, unsampled).
 */
export function samplerFor(exporting: boolean): Sampler {
  return exporting ? new OrrerySampler() : new AlwaysOffSampler();
}
