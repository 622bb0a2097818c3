// Each service's instrument.ts (and config.ts, which it imports) must load before any library that
// OpenTelemetry instruments: a library loaded earlier stays unpatched and its spans are silently missing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../support/local-platform.js';

const INSTRUMENTED = ['@grpc/grpc-js', 'pg', 'pg-pool', 'kafkajs', 'ioredis', 'pino'];

// loads a module and prints which instrumented packages are in the CommonJS module cache afterwards
const probe = `
const { createRequire } = await import('node:module');
await import(process.argv[1]);
const cache = createRequire(import.meta.url).cache;
const loaded = new Set();
for (const file of Object.keys(cache)) {
  const match = /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file);
  if (match) loaded.add(match[1]);
}
process.stdout.write(JSON.stringify([...loaded]));
process.exit(0);
`;

for (const service of ['gateway', 'users', 'orders', 'payments']) {
  test(`${service}: instrument.js loads no instrumented library before telemetry starts`, () => {
    const instrument = join(repoRoot, 'services', service, 'dist', 'instrument.js');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', probe, instrument], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '' },
      timeout: 20_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const loaded = JSON.parse(child.stdout) as string[];
    assert.ok(loaded.includes('@opentelemetry/sdk-node'), `the probe sees the cache: ${child.stdout}`);
    const early = INSTRUMENTED.filter((name) => loaded.includes(name));
    assert.deepEqual(early, [], `loaded before OpenTelemetry: ${early.join(', ')}`);
  });
}
