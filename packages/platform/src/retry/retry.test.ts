import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffCapMs, RetryExhaustedError, retry } from './retry.js';

/** A virtual clock: sleeping advances time instantly and records each delay. */
function fakeClock() {
  let time = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
  };
}

function failing(times: number, value = 'ok') {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    fn: async () => {
      calls++;
      if (calls <= times) throw new Error(`boom ${calls}`);
      return value;
    },
  };
}

describe('retry', () => {
  it('caps grow exponentially up to maxMs', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => backoffCapMs(n, 100, 1000)),
      [100, 200, 400, 800, 1000, 1000],
    );
  });

  it('retries until success, sleeping a full-jitter delay within each cap', async () => {
    const clock = fakeClock();
    const target = failing(4);
    const seen: number[] = [];
    const result = await retry(target.fn, {
      attempts: 10,
      baseMs: 100,
      maxMs: 1000,
      random: () => 0.5,
      ...clock,
      onRetry: ({ attempt }) => seen.push(attempt),
    });
    assert.equal(result, 'ok');
    assert.equal(target.calls, 5);
    assert.deepEqual(seen, [1, 2, 3, 4]);
    assert.deepEqual(clock.sleeps, [50, 100, 200, 400]);
  });

  it('full jitter spans 0..cap', async () => {
    for (const [r, expected] of [
      [0, 0],
      [0.999999, 100],
    ] as const) {
      const clock = fakeClock();
      await retry(failing(1).fn, { attempts: 2, baseMs: 100, random: () => r, ...clock });
      assert.deepEqual(clock.sleeps, [expected]);
    }
  });

  it('throws RetryExhaustedError with the last error after the attempts run out', async () => {
    const clock = fakeClock();
    const target = failing(100);
    await assert.rejects(retry(target.fn, { attempts: 3, jitter: 'none', baseMs: 10, ...clock }), (error) => {
      assert.ok(error instanceof RetryExhaustedError);
      assert.equal(error.attempts, 3);
      assert.equal((error.cause as Error).message, 'boom 3');
      assert.match(error.message, /gave up after 3 attempt\(s\) in 30 ms: boom 3/);
      return true;
    });
    assert.equal(target.calls, 3);
  });

  it('never sleeps past the deadline', async () => {
    const clock = fakeClock();
    const target = failing(100);
    await assert.rejects(
      retry(target.fn, { deadlineMs: 1000, jitter: 'none', baseMs: 300, maxMs: 10_000, ...clock }),
      RetryExhaustedError,
    );
    assert.deepEqual(clock.sleeps, [300, 600, 100]);
    assert.equal(clock.now(), 1000);
    assert.equal(target.calls, 4);
  });

  it('does not retry errors marked not retryable', async () => {
    const target = failing(5);
    await assert.rejects(retry(target.fn, { attempts: 5, retryable: () => false, ...fakeClock() }), /boom 1/);
    assert.equal(target.calls, 1);
  });

  it('stops when the signal aborts during a real sleep', async () => {
    const controller = new AbortController();
    const target = failing(100);
    setTimeout(() => controller.abort(new Error('stopping')), 20);
    const started = Date.now();
    await assert.rejects(
      retry(target.fn, { deadlineMs: 60_000, baseMs: 10_000, jitter: 'none', signal: controller.signal }),
      /stopping/,
    );
    assert.ok(Date.now() - started < 5000);
    assert.equal(target.calls, 1);
  });

  it('really waits between tries with tiny delays', async () => {
    const target = failing(2);
    const started = Date.now();
    assert.equal(await retry(target.fn, { attempts: 3, baseMs: 20, jitter: 'none' }), 'ok');
    assert.ok(Date.now() - started >= 55, 'slept 20 + 40 ms');
  });

  it('rejects bad options', async () => {
    await assert.rejects(
      retry(async () => 1, {}),
      /needs attempts, deadlineMs or both/,
    );
    await assert.rejects(
      retry(async () => 1, { attempts: 0 }),
      /attempts must be an integer ≥ 1, got 0/,
    );
  });
});
