import assert from 'node:assert/strict';
import { readdir, readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import { Redis } from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { isPortFree, startInfra } from './index.js';
import { parsePidRecord } from './proc/pid-file.js';
import { SERVICE_DATABASES } from './services/index.js';
import { isAlive } from './proc/stop-process.js';
import type { InfraPorts } from './types.js';

// Ports of this test only: they never collide with the local platform (1xxxx) or the test runner (2xxxx).
const PORTS: InfraPorts = {
  postgres: 35432,
  redis: 36379,
  kafka: 39092,
  kafkaController: 39093,
  prometheus: 39090,
};
const cleanup: string[] = [];
after(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

async function pidsOf(dataDir: string): Promise<number[]> {
  const names = await readdir(join(dataDir, 'run')).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((n) => readFile(join(dataDir, 'run', n), 'utf8')));
  return texts.map((t) => parsePidRecord(t)?.pid ?? -1);
}

/** Pids of every live process whose command line mentions `text`. */
async function processesMentioning(text: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes(text)) found.push(Number(entry));
  }
  return found;
}

async function poll<T>(what: string, timeoutMs: number, attempt: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await attempt().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

test('starts real Postgres shards, Redis, Kafka and Prometheus; stop leaves nothing behind', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'orrery-launcher-int-'));
  cleanup.push(dataDir);
  const lines: string[] = [];
  const started = performance.now();
  const infra = await startInfra({
    dataDir,
    shards: 2,
    ports: PORTS,
    databases: SERVICE_DATABASES,
    log: (l) => lines.push(l),
  });
  process.stderr.write(
    `${lines.join('\n')}\n(started in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
  );
  // As root under a private temp dir the clusters live in /var/tmp/orrery-pg-<hash>: remove that too.
  for (const shard of infra.postgres)
    cleanup.push(shard.dataDir.startsWith(dataDir) ? shard.dataDir : dirname(shard.dataDir));
  try {
    assert.deepEqual(
      infra.postgres.map((s) => s.url('users')),
      ['postgres://orrery@127.0.0.1:35432/users', 'postgres://orrery@127.0.0.1:35433/users'],
    );
    for (const shard of infra.postgres) {
      const client = new pg.Client({ connectionString: shard.url('orders') });
      await client.connect();
      try {
        const port = await client.query<{ port: string }>('SHOW port');
        assert.equal(port.rows[0]?.port, String(shard.port));
        const dbs = await client.query<{ datname: string }>(
          'SELECT datname FROM pg_database ORDER BY datname',
        );
        const names = dbs.rows.map((r) => r.datname);
        for (const db of SERVICE_DATABASES)
          assert.ok(names.includes(db), `shard ${shard.shard} lacks ${db}: ${names}`);
        await client.query('CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (41 + 1)');
        const row = await client.query<{ id: number }>('SELECT id FROM t');
        assert.equal(row.rows[0]?.id, 42);
      } finally {
        await client.end();
      }
    }

    const redis = new Redis(infra.redisUrl, { maxRetriesPerRequest: 1 });
    try {
      assert.equal(await redis.set('orrery:launcher', 'works'), 'OK');
      assert.equal(await redis.get('orrery:launcher'), 'works');
    } finally {
      redis.disconnect();
    }

    const kafka = new Kafka({
      clientId: 'launcher-int',
      brokers: infra.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: 'launcher-int' });
    try {
      await admin.connect();
      assert.equal(
        await admin.createTopics({
          topics: [{ topic: 'launcher.roundtrip', numPartitions: 1 }],
          waitForLeaders: true,
        }),
        true,
      );
      await producer.connect();
      await producer.send({ topic: 'launcher.roundtrip', messages: [{ key: 'k', value: 'hello kafka' }] });
      await consumer.connect();
      await consumer.subscribe({ topic: 'launcher.roundtrip', fromBeginning: true });
      let received: string | undefined;
      await consumer.run({
        eachMessage: async ({ message }) => {
          received = message.value?.toString();
        },
      });
      assert.equal(await poll('the produced message', 30_000, async () => received), 'hello kafka');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    }

    const metrics = createHttpServer((_req, res) => res.end('orrery_launcher_probe 1\n'));
    await new Promise<void>((resolve) => metrics.listen(0, '127.0.0.1', resolve));
    const address = metrics.address();
    const probePort = typeof address === 'object' && address ? address.port : 0;
    try {
      await infra.setScrapeTargets([{ job: 'probe', targets: [`127.0.0.1:${probePort}`] }]);
      const query = async (promql: string) => {
        const response = await fetch(
          `${infra.prometheusUrl}/api/v1/query?query=${encodeURIComponent(promql)}`,
        );
        const body = (await response.json()) as {
          status: string;
          data: { result: { value: [number, string] }[] };
        };
        assert.equal(body.status, 'success');
        return body.data.result[0]?.value[1];
      };
      assert.equal(await poll('up{job="prometheus"}', 20_000, () => query('up{job="prometheus"}')), '1');
      assert.equal(await poll('the probe scraped', 20_000, () => query('orrery_launcher_probe')), '1');
      await assert.rejects(
        infra.setScrapeTargets([{ job: 'bad', targets: ['not a target'] }]),
        /must be host:port/,
      );
    } finally {
      metrics.close();
    }
  } finally {
    const pids = await pidsOf(dataDir);
    assert.equal(pids.length, 5, 'one pid file per server');
    await infra.stop();
    await infra.stop();
    for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} still alive after stop()`);
    assert.deepEqual(await pidsOf(dataDir), []);
    for (const port of [35432, 35433, 36379, 39092, 39093, 39090]) {
      assert.equal(await isPortFree(port), true, `port ${port} still taken after stop()`);
    }
    assert.deepEqual(await processesMentioning(dataDir), []);
  }
});

test('a port already in use fails before anything starts, naming component and port', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'orrery-launcher-int-'));
  cleanup.push(dataDir);
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(PORTS.kafka, '127.0.0.1', resolve));
  try {
    await assert.rejects(
      startInfra({ dataDir, shards: 2, ports: PORTS, databases: SERVICE_DATABASES, log: () => {} }),
      (error: Error) =>
        /kafka: port 39092 on 127\.0\.0\.1 is already in use \(change ports\.kafka\)/.test(error.message),
    );
    assert.deepEqual(await pidsOf(dataDir), []);
    assert.deepEqual(await processesMentioning(dataDir), []);
    for (const port of [35432, 35433, 36379, 39093, 39090]) assert.equal(await isPortFree(port), true);
  } finally {
    blocker.close();
  }
});
