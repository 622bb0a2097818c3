import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { ConfigError } from './config-error.js';
import {
  brokers,
  durationMs,
  grpcTarget,
  httpUrl,
  logLevel,
  pgUrls,
  port,
  positiveInt,
  redisUrl,
} from './fields.js';
import { loadConfig } from './load-config.js';

/** Parses one variable and returns the error message line for it (or throws if it parsed). */
function problem(schema: z.ZodType, value: string | undefined): string {
  try {
    loadConfig(z.object({ V: schema }), value === undefined ? {} : { V: value });
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    assert.equal(error.issues.length, 1);
    return `${error.issues[0]?.variable}: ${error.issues[0]?.message}`;
  }
  assert.fail(`expected ${JSON.stringify(value)} to be rejected`);
}

function value<T extends z.ZodType>(schema: T, raw: string): z.output<T> {
  const config = loadConfig(z.object({ V: schema }), { V: raw }) as unknown as { V: z.output<T> };
  return config.V;
}

describe('loadConfig', () => {
  it('returns a deeply frozen typed object', () => {
    const config = loadConfig(z.object({ ORRERY_PG_URLS: pgUrls(), ORRERY_GRPC_PORT: port() }), {
      ORRERY_PG_URLS: 'postgres://a:1/users,postgres://b:2/users',
      ORRERY_GRPC_PORT: '50051',
    });
    assert.deepEqual(config, {
      ORRERY_PG_URLS: ['postgres://a:1/users', 'postgres://b:2/users'],
      ORRERY_GRPC_PORT: 50051,
    });
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.ORRERY_PG_URLS));
    assert.throws(() => (config.ORRERY_PG_URLS as string[]).push('x'), TypeError);
  });

  it('lists every bad variable by name in one error', () => {
    const schema = z.object({
      ORRERY_GRPC_PORT: port(),
      ORRERY_LOG_LEVEL: logLevel(),
      ORRERY_PG_URLS: pgUrls(),
    });
    assert.throws(
      () => loadConfig(schema, { ORRERY_GRPC_PORT: '70000', ORRERY_LOG_LEVEL: 'loud' }),
      (thrown: unknown) => {
        assert.ok(thrown instanceof ConfigError);
        assert.match(thrown.message, /3 problems/);
        assert.match(thrown.message, /ORRERY_GRPC_PORT: expected an integer port 1-65535, got "70000"/);
        assert.match(
          thrown.message,
          /ORRERY_LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent/,
        );
        assert.match(
          thrown.message,
          /ORRERY_PG_URLS: required; expected 1-64 comma-separated postgres:\/\/ URLs/,
        );
        return true;
      },
    );
  });

  it('treats an empty variable as unset so defaults apply', () => {
    const config = loadConfig(z.object({ L: logLevel().default('info') }), { L: '' });
    assert.equal(config.L, 'info');
  });
});

describe('field parsers', () => {
  it('port', () => {
    assert.equal(value(port(), '8080'), 8080);
    assert.equal(problem(port(), '70000'), 'V: expected an integer port 1-65535, got "70000"');
    assert.equal(problem(port(), '0'), 'V: expected an integer port 1-65535, got "0"');
    assert.equal(problem(port(), '80.5'), 'V: expected an integer port 1-65535, got "80.5"');
    assert.equal(problem(port(), undefined), 'V: required; expected an integer port 1-65535');
  });

  it('positiveInt with range', () => {
    assert.equal(value(positiveInt({ max: 100 }), '100'), 100);
    assert.equal(problem(positiveInt({ max: 100 }), '101'), 'V: expected an integer 1-100, got "101"');
    assert.equal(problem(positiveInt({ min: 2, max: 9 }), '-3'), 'V: expected an integer 2-9, got "-3"');
  });

  it('durationMs', () => {
    assert.equal(value(durationMs(), '1500'), 1500);
    assert.equal(value(durationMs(), '2s'), 2000);
    assert.equal(value(durationMs(), '1m'), 60_000);
    assert.equal(
      problem(durationMs({ max: 60_000 }), '2h'),
      'V: expected a duration in ms 0-60000 (e.g. 1500, 1500ms, 2s), got "2h"',
    );
    assert.equal(
      problem(durationMs({ max: 60_000 }), '61s'),
      'V: expected a duration in ms 0-60000 (e.g. 1500, 1500ms, 2s), got "61s"',
    );
  });

  it('logLevel', () => {
    assert.equal(value(logLevel(), 'DEBUG'), 'debug');
    assert.equal(
      problem(logLevel(), 'verbose'),
      'V: expected one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });

  it('pgUrls', () => {
    assert.deepEqual(value(pgUrls(), ' postgres://h:1/db , postgresql://h:2/db'), [
      'postgres://h:1/db',
      'postgresql://h:2/db',
    ]);
    const expected = 'V: expected 1-64 comma-separated postgres:// URLs, one per shard, got';
    assert.equal(
      problem(pgUrls(), 'postgres://h:1/db,http://h:2/db'),
      `${expected} "postgres://h:1/db,http://h:2/db" (entry 2 has scheme "http:", not postgres: or postgresql:)`,
    );
    assert.equal(
      problem(pgUrls(), 'postgres://h:1/db,,'),
      `${expected} "postgres://h:1/db,," (entry 2 is empty)`,
    );
    assert.equal(
      problem(pgUrls(), 'postgres://h:1'),
      `${expected} "postgres://h:1" (entry 1 names no database)`,
    );
    assert.match(problem(pgUrls(), 'postgres://h/a,postgres://h/a'), /\(entry 2 repeats entry 1\)$/);
    const many = Array.from({ length: 65 }, (_, i) => `postgres://h:1/db${i}`).join(',');
    assert.match(problem(pgUrls(), many), /\(unknown shard count 65; at most 64 shards are supported\)$/);
  });

  it('never echoes a password', () => {
    const message = problem(pgUrls(), 'postgres://orrery:hunter2@h:1/db,ftp://x');
    assert.ok(!message.includes('hunter2'), message);
    assert.match(message, /postgres:\/\/orrery:\*\*\*@h:1\/db/);
  });

  it('redisUrl', () => {
    assert.equal(value(redisUrl(), 'redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
    assert.equal(
      problem(redisUrl(), 'localhost:6379'),
      'V: expected a redis:// or rediss:// URL, got "localhost:6379" (the value has scheme "localhost:", not redis: or rediss:)',
    );
  });

  it('brokers', () => {
    assert.deepEqual(value(brokers(), 'a:9092,[::1]:9093'), ['a:9092', '[::1]:9093']);
    assert.equal(
      problem(brokers(), 'a:9092,b'),
      'V: expected comma-separated Kafka brokers as host:port, got "a:9092,b" ("b" is not host:port)',
    );
    assert.match(problem(brokers(), 'a:99999'), /\(port 99999 in "a:99999" is outside 1-65535\)$/);
  });

  it('grpcTarget', () => {
    for (const ok of [
      '127.0.0.1:50051',
      'dns:///users:50051',
      'dns://8.8.8.8/users:1',
      'unix:/tmp/s',
      'users:1',
      'ipv4:127.0.0.1:50052,127.0.0.1:50062',
    ]) {
      assert.equal(value(grpcTarget(), ok), ok);
    }
    assert.equal(
      problem(grpcTarget(), 'users'),
      'V: expected a gRPC target like host:port, dns:///host:port or unix:/path, got "users" ("users" is not host:port)',
    );
    assert.match(problem(grpcTarget(), 'ipv4:127.0.0.1:1,nope'), /"nope" is not host:port/);
  });

  it('httpUrl', () => {
    assert.equal(value(httpUrl(), 'http://127.0.0.1:4318'), 'http://127.0.0.1:4318');
    assert.match(
      problem(httpUrl(), 'grpc://x:4317'),
      /^V: expected an http:\/\/ or https:\/\/ URL, got "grpc:\/\/x:4317"/,
    );
  });
});

describe('bootConfig', () => {
  it('prints the problems and exits 1', () => {
    const script = `
      const { bootConfig, port } = await import(${JSON.stringify(new URL('./index.js', import.meta.url).href)});
      const { z } = await import('zod');
      bootConfig(z.object({ ORRERY_GRPC_PORT: port() }), { ORRERY_GRPC_PORT: '70000' });
      console.log('not reached');
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      cwd: new URL('.', import.meta.url),
      timeout: 10_000,
    });
    assert.equal(child.status, 1);
    assert.match(child.stderr, /ORRERY_GRPC_PORT: expected an integer port 1-65535, got "70000"/);
    assert.doesNotMatch(child.stdout, /not reached/);
  });
});
