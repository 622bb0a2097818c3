import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { installShutdown } from './install-shutdown.js';

const fixture = fileURLToPath(new URL('./shutdown-fixture.js', import.meta.url));

interface Run {
  code: number | null;
  lines: string[];
}

/** Starts the fixture, sends `signals` once it is ready (spaced by 20 ms), and collects its output. */
function runFixture(env: Record<string, string>, signals: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fixture], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line === 'ready') {
          for (let i = 0; i < signals; i++) setTimeout(() => child.kill('SIGTERM'), 20 * i);
        }
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, lines });
    });
  });
}

describe('installShutdown', () => {
  it('on SIGTERM drains in-flight work before closing pools and exits 0', async () => {
    const run = await runFixture({ WORK_MS: '300', GRACE_MS: '5000' }, 1);
    assert.deepEqual(run.lines, ['ready', 'work finished', 'pools closed (accepting=false)', 'exit 0']);
    assert.equal(run.code, 0);
  });

  it('exits 1 when the deadline passes before the drain finishes', async () => {
    const run = await runFixture({ WORK_MS: '5000', GRACE_MS: '200' }, 1);
    assert.deepEqual(run.lines, ['ready', 'exit 1']);
    assert.equal(run.code, 1);
  });

  it('a second signal exits at once', async () => {
    const started = Date.now();
    const run = await runFixture({ WORK_MS: '5000', GRACE_MS: '5000' }, 2);
    assert.deepEqual(run.lines, ['ready', 'exit 1']);
    assert.equal(run.code, 1);
    assert.ok(Date.now() - started < 4000);
  });

  it('a failing step still runs the later ones and makes the exit code 1', async () => {
    const ran: string[] = [];
    const exits: number[] = [];
    const shutdown = installShutdown({
      logger: pino({ level: 'silent' }),
      graceMs: 1000,
      signals: [],
      exit: (code) => exits.push(code),
      steps: [
        { name: 'a', run: () => void ran.push('a') },
        {
          name: 'b',
          run: async () => {
            throw new Error('pool close failed');
          },
        },
        { name: 'c', run: () => void ran.push('c') },
      ],
    });
    assert.equal(await shutdown.trigger('test'), 1);
    assert.equal(await shutdown.trigger('again'), 1, 'runs once');
    assert.deepEqual(ran, ['a', 'c']);
    assert.deepEqual(exits, [1]);
  });
});
