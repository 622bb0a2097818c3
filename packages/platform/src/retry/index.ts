export {
  abortableSleep,
  backoffCapMs,
  fullJitterMs,
  RetryExhaustedError,
  type RetryOptions,
  retry,
} from './retry.js';
