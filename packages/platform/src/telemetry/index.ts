export { startTelemetry, type Telemetry, type TelemetryOptions } from './start-telemetry.js';
export { extractTraceContext, injectTraceHeaders, type MessageHeaders } from './trace-headers.js';
export { errorType, withSpan } from './with-span.js';
