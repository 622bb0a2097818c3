import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HashRing } from './hash-ring.js';
import { hash64 } from './hash64.js';

const KEYS = Array.from({ length: 100_000 }, (_, i) => `user-${i}`);

function shardsOf(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

describe('HashRing', () => {
  it('hash64 is the first 8 bytes of SHA-256, big-endian', () => {
    // sha256("abc") = ba7816bf8f01cfea 414140de5dae2223…
    assert.equal(hash64('abc'), 0xba7816bf8f01cfean);
  });

  it('gives every shard its fair share within ±10 % for 2..8 shards over 100k keys', () => {
    for (let n = 2; n <= 8; n++) {
      const ring = new HashRing(shardsOf(n));
      const counts = new Array<number>(n).fill(0);
      for (const key of KEYS) {
        const shard = ring.shardFor(key);
        counts[shard] = (counts[shard] ?? 0) + 1;
      }
      const fair = KEYS.length / n;
      for (const [shard, count] of counts.entries()) {
        const deviation = Math.abs(count / fair - 1);
        assert.ok(
          deviation <= 0.1,
          `${n} shards: shard ${shard} got ${count}, fair share ${fair.toFixed(0)}`,
        );
      }
    }
  });

  it('moves about 1/(N+1) of keys to a new shard and none between old shards', () => {
    const before = new HashRing(shardsOf(4));
    const after = new HashRing(shardsOf(4));
    after.add(4);
    let moved = 0;
    for (const key of KEYS) {
      const from = before.shardFor(key);
      const to = after.shardFor(key);
      if (from !== to) {
        moved++;
        assert.equal(to, 4, `key ${key} moved from old shard ${from} to old shard ${to}`);
      }
    }
    const fraction = moved / KEYS.length;
    assert.ok(Math.abs(fraction - 1 / 5) < 0.03, `moved fraction ${fraction}, expected ≈ 0.2`);
  });

  it('remove sends a shard’s keys elsewhere and leaves other keys alone', () => {
    const full = new HashRing(['a', 'b', 'c']);
    const reduced = new HashRing(['a', 'b', 'c']);
    reduced.remove('b');
    assert.deepEqual(reduced.shards, ['a', 'c']);
    for (const key of KEYS.slice(0, 5000)) {
      const was = full.shardFor(key);
      const now = reduced.shardFor(key);
      if (was !== 'b') assert.equal(now, was);
      else assert.notEqual(now, 'b');
    }
  });

  it('maps the same key to the same shard in two independent instances, whatever the add order', () => {
    const one = new HashRing([0, 1, 2, 3]);
    const two = new HashRing([3, 1, 0, 2]);
    for (const key of KEYS.slice(0, 5000)) assert.equal(one.shardFor(key), two.shardFor(key));
    // pinned values: changing the algorithm would silently re-home data, so this must fail loudly
    assert.deepEqual(
      ['user-0', 'user-1', 'alice@example.com'].map((key) => one.shardFor(key)),
      [2, 3, 0],
    );
  });

  it('rejects bad input precisely', () => {
    assert.throws(() => new HashRing([]).shardFor('k'), /no shards/);
    assert.throws(() => new HashRing([1, 1]), /shard 1 is already on the ring/);
    assert.throws(() => new HashRing<number>([1]).remove(2), /shard 2 is not on the ring/);
    assert.throws(() => new HashRing([1], { vnodes: 0 }), /vnodes must be an integer 1-10000, got 0/);
  });
});
