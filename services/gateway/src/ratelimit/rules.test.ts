import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRule, parseRules } from './rules.js';

test('rules parse tokens, period and burst', () => {
  assert.deepEqual(parseRule('20/1s:40'), { tokens: 20, periodMs: 1000, burst: 40, text: '20/1s:40' });
  assert.deepEqual(parseRule('30/1m'), { tokens: 30, periodMs: 60_000, burst: 30, text: '30/1m' });
  assert.deepEqual(
    parseRules('5/10s, 30/1m').map((rule) => [rule.tokens, rule.periodMs, rule.burst]),
    [
      [5, 10_000, 5],
      [30, 60_000, 30],
    ],
  );
});

test('malformed rules are refused with the reason', () => {
  for (const bad of [
    '',
    '20',
    '20/s',
    '0/1s',
    '20/0s',
    '20/1s:0',
    '-1/1s',
    '20/1d',
    '1/1s,,2/1s',
    '1/1s,1/1s,1/1s,1/1s,1/1s',
  ]) {
    assert.throws(() => parseRules(bad), Error, bad);
  }
});
