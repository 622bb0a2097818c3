export { addActiveSpanEvent, annotateActiveSpan } from './annotate.js';
export { orreryInstrumentations, redisStatement } from './instrumentations.js';
export { OrrerySampler, samplerFor } from './sampler.js';
export { activeShard, withShardContext } from './shard-context.js';
export { startTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry.js';
export { extractTraceContext, injectTraceHeaders, type MessageHeaders } from './trace-headers.js';
export { errorType, recordFailure, withSpan } from './with-span.js';
