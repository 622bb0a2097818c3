import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ORDER_STATUSES } from './order.js';
import { canTransition } from './state-machine.js';

test('PENDING moves to PAID, FAILED or CANCELLED and nothing else moves at all', () => {
  const allowed = ORDER_STATUSES.flatMap((from) =>
    ORDER_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
  );
  assert.deepEqual(allowed, ['PENDING->PAID', 'PENDING->FAILED', 'PENDING->CANCELLED']);
});
