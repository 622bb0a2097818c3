export { createRuntime, type RuntimeOptions, type ServiceRuntime } from './runtime.js';
export { type UntilReadyOptions, untilReady } from './until-ready.js';
