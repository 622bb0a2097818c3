import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { stopLeftovers } from './leftovers.js';
import { isOurProcess, parsePidRecord, readPidRecords, writePidRecord } from './proc/pid-file.js';
import { isAlive } from './proc/stop-process.js';

const dir = await mkdtemp(join(tmpdir(), 'orrery-leftovers-'));
await mkdir(join(dir, 'run'));
after(() => rm(dir, { recursive: true, force: true }));

/** A real, unrelated-to-us process whose command line carries `marker`. */
function sleeper(marker: string) {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)', marker], {
    stdio: 'ignore',
    detached: true,
  });
  child.unref();
  return child.pid as number;
}

test('parsePidRecord accepts records and rejects junk', () => {
  const ok = { component: 'redis', pid: 1234, marker: '/d/redis.conf', stopSignal: 'SIGTERM' };
  assert.deepEqual(parsePidRecord(JSON.stringify(ok)), ok);
  assert.equal(parsePidRecord('1234'), undefined);
  assert.equal(
    parsePidRecord('{"component":"redis","pid":1,"marker":"x","stopSignal":"SIGTERM"}'),
    undefined,
  );
  assert.equal(parsePidRecord(JSON.stringify({ ...ok, marker: '' })), undefined);
});

test('isOurProcess: alive with marker yes; other marker or dead pid no', async () => {
  const marker = join(dir, 'marker-a');
  const pid = sleeper(marker);
  try {
    assert.equal(await isOurProcess(pid, marker), true);
    assert.equal(await isOurProcess(pid, join(dir, 'someone-else')), false);
  } finally {
    process.kill(pid, 'SIGKILL');
  }
  const deadline = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  assert.equal(await isOurProcess(pid, marker), false);
});

test('stopLeftovers stops recorded processes of this run only and clears the pid files', async () => {
  const ours = sleeper(join(dir, 'redis.conf'));
  const reused = sleeper('/somewhere/else');
  try {
    await writePidRecord(dir, {
      component: 'redis',
      pid: ours,
      marker: join(dir, 'redis.conf'),
      stopSignal: 'SIGTERM',
    });
    // A pid file whose pid now belongs to an unrelated program must not get that program killed.
    await writePidRecord(dir, {
      component: 'kafka',
      pid: reused,
      marker: join(dir, 'server.properties'),
      stopSignal: 'SIGTERM',
    });
    const lines: string[] = [];
    const stopped = await stopLeftovers(dir, (line) => lines.push(line));
    assert.deepEqual(stopped, ['redis']);
    assert.equal(isAlive(ours), false);
    assert.equal(isAlive(reused), true);
    assert.match(
      lines.join('\n'),
      new RegExp(`stopping redis left running from an earlier run \\(pid ${ours}\\)`),
    );
    assert.deepEqual(await readPidRecords(dir), []);
    assert.deepEqual(await readdir(join(dir, 'run')), []);
  } finally {
    for (const pid of [ours, reused]) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});
