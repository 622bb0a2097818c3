import assert from 'node:assert/strict';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { pino } from 'pino';
import { eventually } from '../kafka/int-test-kit.js';
import { createTestDatabases, type TestDatabases } from '../testing/index.js';
import { createShardLeader, NotLeaderError, type ShardLeader } from './shard-leader.js';

const logger = pino({ level: 'silent' });

/** A TCP proxy that can go silent (a network partition: no reset, no data, in either direction). */
async function startProxy(target: URL): Promise<{ url: string; freeze(): void; close(): void }> {
  const sockets: Socket[] = [];
  let frozen = false;
  const server: Server = createServer((client) => {
    sockets.push(client);
    if (frozen) return;
    const upstream = tcpConnect(Number(target.port), target.hostname);
    sockets.push(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(typeof address === 'object' && address !== null ? address.port : 0);
  return {
    url: url.toString(),
    freeze() {
      frozen = true;
      for (const socket of sockets) {
        socket.unpipe();
        socket.pause();
      }
    },
    close() {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

describe('shard leader election (real Postgres)', () => {
  let dbs: TestDatabases;
  const name = `orrery.outbox.leader-int-${process.pid}`;
  const changes: string[] = [];
  const leader = (id: string, connectionString: string): ShardLeader =>
    createShardLeader({
      name,
      shard: 0,
      connection: { connectionString },
      logger,
      heartbeatMs: 300,
      retryMs: 300,
      onChange: (isLeader) => changes.push(`${id} ${isLeader ? 'acquired' : 'lost'}`),
    });

  before(async () => {
    dbs = await createTestDatabases();
  });
  after(async () => {
    await dbs?.drop();
  });

  it('a partitioned leader gives up before the server frees the lock; the follower then leads', async () => {
    const proxy = await startProxy(new URL(dbs.urls[0] as string));
    const a = leader('a', proxy.url);
    const b = leader('b', dbs.urls[0] as string);
    let both = 0;
    const sampler = setInterval(() => {
      if (a.isLeader() && b.isLeader()) both += 1;
    }, 5);
    try {
      a.start();
      await eventually(() => a.isLeader(), 10_000, 'a leading');
      assert.equal(
        await a.withLeaderClient(async (client) => (await client.query('SELECT 1 AS one')).rows[0]?.one),
        1,
      );
      b.start();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(b.isLeader(), false, 'the lock is taken');
      await assert.rejects(
        b.withLeaderClient(async () => 1),
        NotLeaderError,
      );

      const partitionedAt = Date.now();
      proxy.freeze();
      await eventually(() => b.isLeader(), 15_000, 'b leading after the partition');
      const takeoverMs = Date.now() - partitionedAt;
      assert.equal(a.isLeader(), false);
      assert.ok(takeoverMs < 10_000, `takeover after ${takeoverMs} ms`);
    } finally {
      clearInterval(sampler);
      proxy.close();
      await Promise.all([a.stop(), b.stop()]);
    }
    assert.equal(both, 0, 'never two leaders at once');
    assert.deepEqual(
      changes,
      ['a acquired', 'a lost', 'b acquired', 'b lost'],
      'a let go before b took over',
    );
  });

  it('a leader whose query fails because its session was killed has already let go', async () => {
    const a = leader('a', dbs.urls[0] as string);
    a.start();
    try {
      await eventually(() => a.isLeader(), 10_000, 'a leading');
      const admin = new pg.Client({ connectionString: dbs.urls[0] as string });
      await admin.connect();
      let leadingWhenItFailed: boolean | undefined;
      try {
        const running = a
          .withLeaderClient((client) => client.query('SELECT pg_sleep(5)'))
          .catch(() => {
            leadingWhenItFailed = a.isLeader();
          });
        await eventually(
          async () =>
            (
              await admin.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(5)' AND state = 'active'`,
              )
            ).rows[0]?.n === 1,
          5000,
          'the leader query running',
        );
        await admin.query(
          `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(5)' AND state = 'active'`,
        );
        await running;
      } finally {
        await admin.end();
      }
      assert.equal(leadingWhenItFailed, false, 'isLeader() is false when the failed query returns');
    } finally {
      await a.stop();
    }
  });
});
