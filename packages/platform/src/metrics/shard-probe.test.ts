import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { gaugeOf } from './register.js';
import { DATA_METRICS } from './names.js';
import { collectOnScrape, registerShardProbe, withinMs } from './shard-probe.js';

describe('registerShardProbe', () => {
  it('reports 1 for a shard that answers, 0 for one that fails or is too slow', async () => {
    const registry = new Registry();
    let calls = 0;
    registerShardProbe(registry, {
      shards: 3,
      timeoutMs: 50,
      probe: (shard) => {
        calls++;
        if (shard === 0) return Promise.resolve();
        if (shard === 1) return Promise.reject(new Error('connection refused'));
        return new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 200));
      },
    });
    const text = await registry.metrics();
    assert.match(text, /orrery_db_shard_up\{shard="0"\} 1/);
    assert.match(text, /orrery_db_shard_up\{shard="1"\} 0/);
    assert.match(text, /orrery_db_shard_up\{shard="2"\} 0/);
    assert.equal(calls, 3, 'one probe per shard and scrape');
    await new Promise((resolve) => setTimeout(resolve, 250)); // the late rejection stays handled
  });

  it('follows a shard that comes back', async () => {
    const registry = new Registry();
    let down = true;
    registerShardProbe(registry, {
      shards: 1,
      probe: () => (down ? Promise.reject(new Error('down')) : Promise.resolve()),
    });
    assert.match(await registry.metrics(), /orrery_db_shard_up\{shard="0"\} 0/);
    down = false;
    assert.match(await registry.metrics(), /orrery_db_shard_up\{shard="0"\} 1/);
  });

  it('rejects a shard count that is not a positive integer', () => {
    assert.throws(() => registerShardProbe(new Registry(), { shards: 0, probe: async () => {} }), /shards/);
  });
});

describe('withinMs and collectOnScrape', () => {
  it('withinMs passes an answer or a failure through in time, rejects when it comes too late', async () => {
    assert.equal(await withinMs(Promise.resolve(7), 50), 7);
    await assert.rejects(withinMs(Promise.reject(new Error('refused')), 50), /refused/);
    const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 100));
    await assert.rejects(withinMs(late, 20), /no answer within 20 ms/);
    await new Promise((resolve) => setTimeout(resolve, 120)); // the late rejection stays handled
  });

  it('collectOnScrape runs before the gauge is read, once per scrape for gauges sharing it', async () => {
    const registry = new Registry();
    const gauge = gaugeOf(registry, DATA_METRICS.shardUp);
    let runs = 0;
    collectOnScrape([gauge], async () => {
      runs++;
      gauge.set({ shard: '0' }, runs);
    });
    const [first, second] = await Promise.all([registry.metrics(), registry.metrics()]);
    assert.match(first, /orrery_db_shard_up\{shard="0"\} 1/);
    assert.match(second, /orrery_db_shard_up\{shard="0"\} 1/);
    assert.equal(runs, 1, 'overlapping scrapes share the run in flight');
    assert.match(await registry.metrics(), /orrery_db_shard_up\{shard="0"\} 2/);
  });
});
