import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redisStatement } from './instrumentations.js';

describe('redisStatement', () => {
  it('keeps the command and key, never values or scripts', () => {
    assert.equal(redisStatement('get', ['orrery:users:v1:u1']), 'GET orrery:users:v1:u1');
    assert.equal(redisStatement('set', ['k', '{"email":"a@b.test"}', 'EX', 60]), 'SET k [3 other arguments]');
    const evalStatement = redisStatement('eval', ['return 1', 1, 'k', '1|{"email":"a@b.test"}']);
    assert.equal(evalStatement, 'EVAL [4 arguments]');
    assert.equal(redisStatement('evalsha', ['abc', 1, 'k']), 'EVALSHA [3 arguments]');
    assert.equal(redisStatement('ping', []), 'PING');
  });
});
