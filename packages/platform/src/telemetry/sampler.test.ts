import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROOT_CONTEXT, SpanKind, TraceFlags, trace } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { OrrerySampler, samplerFor } from './sampler.js';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const parent = (flags: TraceFlags) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: 'b7ad6b7169203331',
    traceFlags: flags,
    isRemote: true,
  });
const receive = { 'messaging.system': 'kafka', 'messaging.operation.type': 'receive' };

describe('OrrerySampler', () => {
  const sampler = new OrrerySampler();
  const decide = (ctx = ROOT_CONTEXT, kind = SpanKind.INTERNAL, attributes = {}) =>
    sampler.shouldSample(ctx, TRACE_ID, 'x', kind, attributes, []).decision;

  it('samples new traces and follows a sampled or unsampled parent', () => {
    assert.equal(decide(), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(decide(parent(TraceFlags.SAMPLED)), SamplingDecision.RECORD_AND_SAMPLED);
    assert.equal(decide(parent(TraceFlags.NONE)), SamplingDecision.NOT_RECORD);
  });

  it('drops the kafkajs batch receive span that would open a trace of its own', () => {
    assert.equal(decide(ROOT_CONTEXT, SpanKind.CLIENT, receive), SamplingDecision.NOT_RECORD);
    assert.equal(
      decide(parent(TraceFlags.SAMPLED), SpanKind.CLIENT, receive),
      SamplingDecision.RECORD_AND_SAMPLED,
      'only root receive spans are dropped',
    );
    assert.equal(
      decide(ROOT_CONTEXT, SpanKind.PRODUCER, { 'messaging.operation.type': 'send' }),
      SamplingDecision.RECORD_AND_SAMPLED,
    );
  });

  it('records nothing at all when the process does not export', () => {
    const off = samplerFor(false);
    assert.equal(
      off.shouldSample(parent(TraceFlags.SAMPLED), TRACE_ID, 'x', SpanKind.SERVER, {}, []).decision,
      SamplingDecision.NOT_RECORD,
    );
    assert.ok(samplerFor(true) instanceof OrrerySampler);
  });
});
