import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveOptions, validateScrapeJobs } from './options.js';
import { TEST_PORTS } from './ports.js';
import type { InfraOptions } from './types.js';

const base: InfraOptions = { dataDir: '/tmp/x', shards: 2, ports: TEST_PORTS, databases: ['users'] };

test('defaults: install on, no extra scrape jobs, deduplicated databases', () => {
  const resolved = resolveOptions({ ...base, databases: ['users', 'users', 'orders'] });
  assert.equal(resolved.install, true);
  assert.deepEqual(resolved.scrapeTargets, []);
  assert.deepEqual(resolved.databases, ['users', 'orders']);
});

test('rejects bad options with the option named', () => {
  assert.throws(
    () => resolveOptions({ ...base, dataDir: 'relative/dir' }),
    /dataDir must be an absolute path/,
  );
  assert.throws(
    () => resolveOptions({ ...base, shards: 0 }),
    /shards must be an integer from 1 to 16, got 0/,
  );
  assert.throws(() => resolveOptions({ ...base, shards: 17 }), /shards must be an integer from 1 to 16/);
  assert.throws(() => resolveOptions({ ...base, databases: ['Users'] }), /database name "Users"/);
  assert.throws(
    () => resolveOptions({ ...base, ports: { ...TEST_PORTS, redis: 80 } }),
    /ports\.redis must be/,
  );
});

test('rejects a shard port range that runs into another port', () => {
  const ports = { ...TEST_PORTS, redis: TEST_PORTS.postgres + 1 };
  assert.throws(
    () => resolveOptions({ ...base, ports }),
    /ports\.redis \(25433\) collides with ports\.postgres/,
  );
  assert.doesNotThrow(() => resolveOptions({ ...base, shards: 1, ports }));
});

test('scrape jobs: host:port targets, unique names, prometheus reserved', () => {
  assert.doesNotThrow(() =>
    validateScrapeJobs([{ job: 'users', targets: ['127.0.0.1:9081', '[::1]:9082', 'users:9081'] }]),
  );
  assert.throws(
    () => validateScrapeJobs([{ job: 'users', targets: ['http://x:1/metrics'] }]),
    /must be host:port/,
  );
  assert.throws(() => validateScrapeJobs([{ job: 'users', targets: ['x:70000'] }]), /must be host:port/);
  assert.throws(() => validateScrapeJobs([{ job: 'prometheus', targets: [] }]), /reserved/);
  assert.throws(
    () =>
      validateScrapeJobs([
        { job: 'a', targets: [] },
        { job: 'a', targets: [] },
      ]),
    /duplicated/,
  );
  assert.throws(() => validateScrapeJobs([{ job: ' ', targets: [] }]), /non-empty/);
});
