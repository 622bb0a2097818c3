// The Dockerfile without Docker: hadolint, its shape (non-root distroless runtime fed only by the
// production-dependency and build stages), and its build steps run as a script in a temp dir — so a
// broken `npm ci`, compile or prune step fails here — ending with the services starting from the
// runtime tree and stopping on bad configuration rather than on a missing module.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { exists } from '../support/go-tool.js';
import { repoRoot } from '../support/repo-root.js';
import { runCommand } from '../support/run-command.js';
import { isIgnored, parseDockerignore, prepareContext } from './docker-context.js';
import { type BuiltStage, buildTarget, parseDockerfile, stagesFor } from './dockerfile-script.js';
import { hadolintBin } from './tools.js';

const SERVICES = ['gateway', 'users', 'orders', 'payments'] as const;
const dockerfilePath = join(repoRoot, 'Dockerfile');

describe('Dockerfile', () => {
  it('passes hadolint, which catches a bad instruction (negative control)', async () => {
    const hadolint = await hadolintBin();
    const good = await runCommand(hadolint, ['--failure-threshold', 'info', dockerfilePath]);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    const dir = await mkdtemp(join(tmpdir(), 'orrery-hadolint-'));
    try {
      const bad = join(dir, 'Dockerfile');
      await writeFile(bad, 'FROM node:latest\nRUN cd /app && npm install\n');
      const result = await runCommand(hadolint, ['--failure-threshold', 'info', bad]);
      assert.notEqual(result.code, 0);
      assert.match(result.stdout, /DL3007|DL3003/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('ends in a non-root distroless stage built only from prod-deps and build', async () => {
    const stages = parseDockerfile(await readFile(dockerfilePath, 'utf8'));
    const runtime = stages.at(-1);
    assert.equal(runtime?.name, 'runtime', 'the last stage is what `docker build .` produces');
    assert.match(runtime.base, /^gcr\.io\/distroless\/nodejs22-debian12:nonroot$/);
    assert.ok(runtime.instructions.some((i) => i.op === 'USER' && /^[1-9]\d*(:\d+)?$/.test(i.args)));
    assert.ok(!runtime.instructions.some((i) => i.op === 'RUN'), 'no shell steps in the runtime image');
    const sources = runtime.instructions.flatMap((i) => /--from=(\S+)/.exec(i.args)?.[1] ?? []);
    assert.deepEqual([...new Set(sources)].sort(), ['build', 'prod-deps']);
    const fromBuild = runtime.instructions.filter((i) => i.args.includes('--from=build'));
    assert.ok(
      fromBuild.every((i) => /\/dist\s/.test(i.args)),
      'only compiled output comes from the build stage',
    );
    assert.deepEqual(
      stagesFor(stages, 'runtime').map((s) => s.name),
      ['deps', 'build', 'prod-deps', 'runtime'],
    );
    assert.ok(
      stages.some((s) => s.name === 'dev'),
      'Tilt builds the dev target',
    );
  });

  it('.dockerignore keeps sources and manifests, drops tests, builds and VCS data', async () => {
    const rules = parseDockerignore(await readFile(join(repoRoot, '.dockerignore'), 'utf8'));
    for (const kept of ['package.json', 'services/users/src/main.ts', 'packages/platform/package.json']) {
      assert.equal(isIgnored(rules, kept), false, kept);
    }
    for (const dropped of [
      '.git/HEAD',
      'node_modules/x/index.js',
      'services/users/dist/main.js',
      'tests/x.ts',
    ]) {
      assert.equal(isIgnored(rules, dropped), true, dropped);
    }
    assert.equal(isIgnored(rules, 'packages/platform/src/ring/hash-ring.test.ts'), true);
  });

  describe('build steps as a script', { timeout: 30 * 60_000 }, () => {
    let work = '';
    let image: BuiltStage | undefined;
    before(async () => {
      work = await mkdtemp(join(tmpdir(), 'orrery-docker-'));
      await prepareContext(repoRoot, join(work, 'context'));
      const stages = parseDockerfile(await readFile(dockerfilePath, 'utf8'));
      image = await buildTarget(stages, 'runtime', join(work, 'context'), join(work, 'stages'), (line) =>
        process.stderr.write(`# ${line}\n`),
      );
    });
    after(async () => {
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('the runtime tree has production dependencies only', async () => {
      assert.ok(image);
      const app = join(image.root, image.workdir);
      assert.ok(await exists(join(app, 'node_modules', '@orrery', 'platform', 'package.json')));
      assert.ok(await exists(join(app, 'packages', 'platform', 'dist')));
      // The repo's own dev tools. (@types/node is not among them: protobufjs, under grpc-js and the
      // OpenTelemetry exporters, lists it as a production dependency.)
      for (const devOnly of ['typescript', '@biomejs/biome', '@bufbuild/buf', '@bufbuild/protoc-gen-es']) {
        assert.equal(await exists(join(app, 'node_modules', devOnly)), false, `${devOnly} is in the image`);
      }
      assert.equal(await exists(join(app, 'packages', 'platform', 'src')), false, 'no TypeScript sources');
    });

    for (const service of SERVICES) {
      it(`${service} starts from the runtime tree and rejects bad config at boot`, async (t) => {
        assert.ok(image);
        const app = join(image.root, image.workdir);
        if (!(await exists(join(work, 'context', 'services', service, 'src', 'main.ts')))) {
          t.skip(`services/${service}/src/main.ts is not committed yet`);
          return;
        }
        const result = await startWithBadConfig(app, `services/${service}/dist/main.js`);
        assert.doesNotMatch(
          result.output,
          /ERR_MODULE_NOT_FOUND|Cannot find (module|package)/,
          result.output,
        );
        assert.notEqual(result.code, 0, 'exits non-zero');
        assert.match(result.output, /ORRERY_ADMIN_PORT/, 'names the bad variable');
      });
    }
  });
});

/** Runs an entry point with an invalid ORRERY_ADMIN_PORT; it must exit within 20 s. */
function startWithBadConfig(cwd: string, entry: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry], {
      cwd,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', ORRERY_ADMIN_PORT: 'not-a-port' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, output });
    });
  });
}
