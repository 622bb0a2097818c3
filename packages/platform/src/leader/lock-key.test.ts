import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIGRATION_LOCK_KEY } from '../pg/index.js';
import { hash64 } from '../ring/index.js';
import { leaderLockKey } from './lock-key.js';

describe('leaderLockKey', () => {
  it('is the signed 64-bit hash64 of the name, stable and distinct per name', () => {
    const key = leaderLockKey('orrery.outbox.orders');
    assert.equal(key, BigInt.asIntN(64, hash64('orrery.outbox.orders')).toString());
    assert.equal(leaderLockKey('orrery.outbox.orders'), key);
    assert.notEqual(leaderLockKey('orrery.outbox.payments'), key);
    assert.equal(leaderLockKey('orrery.schema_migrations'), MIGRATION_LOCK_KEY);
    const value = BigInt(key);
    assert.ok(value >= -(2n ** 63n) && value < 2n ** 63n);
  });

  it('refuses an empty name', () => {
    assert.throws(() => leaderLockKey(' '), /name is empty/);
  });
});
