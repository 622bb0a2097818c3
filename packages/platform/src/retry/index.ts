export { abortableSleep, backoffCapMs, RetryExhaustedError, type RetryOptions, retry } from './retry.js';
