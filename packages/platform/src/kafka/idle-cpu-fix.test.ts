import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fixKafkajsIdleCpu, scheduleCheckPendingRequests } from './idle-cpu-fix.js';

const require = createRequire(import.meta.url);
const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as new (
  options: object,
) => {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  scheduleCheckPendingRequests(): void;
  checkPendingRequests(): void;
};

function queue() {
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  return new RequestQueue({
    maxInFlightRequests: null,
    requestTimeout: 1000,
    clientId: 't',
    broker: 'b',
    logger,
  });
}

test('kafkajs 2.2.4 is patched: an idle request queue arms no timer', () => {
  assert.equal(fixKafkajsIdleCpu(), true);
  assert.equal(RequestQueue.prototype.scheduleCheckPendingRequests, scheduleCheckPendingRequests);
  const idle = queue();
  idle.scheduleCheckPendingRequests();
  assert.equal(idle.throttleCheckTimeoutId, null);
});

test('a waiting request or a throttle still schedules a check', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 1_000_000 });
  const waiting = queue();
  let checks = 0;
  waiting.checkPendingRequests = () => {
    checks += 1;
  };
  waiting.pending.push({});
  waiting.scheduleCheckPendingRequests();
  assert.notEqual(waiting.throttleCheckTimeoutId, null);
  t.mock.timers.tick(10);
  assert.equal(checks, 1);

  const throttled = queue();
  throttled.checkPendingRequests = () => {
    checks += 1;
  };
  throttled.throttledUntil = Date.now() + 500;
  throttled.scheduleCheckPendingRequests();
  t.mock.timers.tick(499);
  assert.equal(checks, 1);
  t.mock.timers.tick(1);
  assert.equal(checks, 2);
});
