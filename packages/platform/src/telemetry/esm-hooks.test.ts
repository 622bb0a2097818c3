import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

describe('startTelemetry from an --import module', () => {
  it('instruments modules the ESM app imports afterwards (http client and server spans)', () => {
    const instrument = fileURLToPath(new URL('./esm-fixture-instrument.js', import.meta.url));
    const app = fileURLToPath(new URL('./esm-fixture-app.js', import.meta.url));
    const child = spawnSync(process.execPath, ['--import', instrument, app], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    assert.equal(child.status, 0, child.stderr);
    const spans = JSON.parse(child.stdout.trim()) as string[];
    assert.ok(spans.includes('GET'), `spans: ${child.stdout}`);
    assert.ok(spans.length >= 2, `client and server span expected, got ${child.stdout}`);
  });
});
