// kafkajs 2.2.4 burns CPU while idle: RequestQueue.scheduleCheckPendingRequests re-arms a setTimeout
// with a negative delay even when no request waits and nothing is throttled, so every broker
// connection spins through timers (~4 % of a core per idle service here). Upstream: kafkajs issues
// #1556 and #1704, fix proposed in PR #1667, unreleased. This replaces that one method with the fixed
// logic: a timer only when requests wait (every 10 ms, as before) or a throttle has to run out.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const PATCHED_VERSION = '2.2.4';
const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10; // kafkajs's own constant

interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
}

/** The fixed method: no timer when nothing waits and nothing is throttled. */
export function scheduleCheckPendingRequests(this: RequestQueueInternals): void {
  if (this.throttleCheckTimeoutId) return;
  const throttledForMs = this.throttledUntil - Date.now();
  if (this.pending.length === 0 && throttledForMs <= 0) return;
  const delayMs = throttledForMs > 0 ? throttledForMs : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  this.throttleCheckTimeoutId = setTimeout(() => {
    this.throttleCheckTimeoutId = null;
    this.checkPendingRequests();
  }, delayMs);
}

/** Patches kafkajs's RequestQueue once; a kafkajs other than 2.2.4 is left alone (it may be fixed). */
export function fixKafkajsIdleCpu(): boolean {
  const { version } = require('kafkajs/package.json') as { version: string };
  if (version !== PATCHED_VERSION) return false;
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as {
    prototype: { scheduleCheckPendingRequests: unknown };
  };
  RequestQueue.prototype.scheduleCheckPendingRequests = scheduleCheckPendingRequests;
  return true;
}

fixKafkajsIdleCpu();
