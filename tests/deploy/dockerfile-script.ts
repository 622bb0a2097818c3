// Runs a Dockerfile's stages as a plain script, without Docker: each stage is a directory standing
// for "/", COPY copies from the build context (tracked files minus .dockerignore) or another stage,
// RUN runs the same shell command on the host. Base images contribute nothing, so the host's Node
// stands in for the image's. Supports the instructions orrery's Dockerfile uses, and fails on others.
import { execFile } from 'node:child_process';
import { cp, mkdir, rename, stat } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Instruction {
  readonly op: string;
  readonly args: string;
}

export interface Stage {
  readonly name: string;
  /** a previous stage's name, or an image reference */
  readonly base: string;
  readonly instructions: Instruction[];
}

/** Parses a Dockerfile into stages, with global ARG defaults substituted into FROM lines. */
export function parseDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\w+)\s+(.*)$/.exec(line);
    if (!match?.[1] || match[2] === undefined) throw new Error(`cannot parse Dockerfile line: ${line}`);
    const op = match[1].toUpperCase();
    const args = match[2].trim();
    const current = stages.at(-1);
    if (op === 'FROM') {
      const from = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(
        args.replace(/\$\{(\w+)\}/g, (_, n) => globalArgs.get(n) ?? ''),
      );
      if (!from?.[1]) throw new Error(`cannot parse FROM ${args}`);
      stages.push({ name: from[2] ?? String(stages.length), base: from[1], instructions: [] });
    } else if (!current) {
      if (op !== 'ARG') throw new Error(`${op} before the first FROM`);
      const [name, value = ''] = args.split('=');
      globalArgs.set(name ?? '', value);
    } else {
      current.instructions.push({ op, args });
    }
  }
  return stages;
}

/** Stages a target needs (its base chain and COPY --from sources), in file order. */
export function stagesFor(stages: readonly Stage[], target: string): Stage[] {
  const needed = new Set<string>();
  const visit = (name: string) => {
    const stage = stages.find((s) => s.name === name);
    if (!stage || needed.has(name)) return;
    needed.add(name);
    visit(stage.base);
    for (const ins of stage.instructions) {
      const from = /--from=(\S+)/.exec(ins.args)?.[1];
      if (ins.op === 'COPY' && from) visit(from);
    }
  };
  visit(target);
  return stages.filter((s) => needed.has(s.name));
}

export interface BuiltStage {
  /** the directory standing for the stage's "/" */
  readonly root: string;
  readonly workdir: string;
  readonly env: Record<string, string>;
  readonly user: string | undefined;
  readonly cmd: string | undefined;
}

/** Executes the stages `target` needs; `context` is the prepared build context, `work` a scratch dir. */
export async function buildTarget(
  stages: readonly Stage[],
  target: string,
  context: string,
  work: string,
  log: (line: string) => void,
): Promise<BuiltStage> {
  const plan = stagesFor(stages, target);
  const built = new Map<string, BuiltStage>();
  for (const stage of plan) {
    const root = join(work, stage.name);
    const base = built.get(stage.base);
    const usedElsewhere = plan.some(
      (s) =>
        s !== stage &&
        (s.base === stage.base ||
          s.instructions.some((i) => i.op === 'COPY' && i.args.includes(`--from=${stage.base} `))),
    );
    if (base) {
      if (usedElsewhere) await cp(base.root, root, { recursive: true, verbatimSymlinks: true });
      else await rename(base.root, root);
    } else await mkdir(root, { recursive: true });
    let workdir = base?.workdir ?? '/';
    const env: Record<string, string> = { ...base?.env };
    let user = base?.user;
    let cmd = base?.cmd;
    for (const { op, args } of stage.instructions) {
      log(`[${stage.name}] ${op} ${args}`);
      if (op === 'WORKDIR') {
        workdir = posix.resolve(workdir, args);
        await mkdir(join(root, workdir), { recursive: true });
      } else if (op === 'ENV') {
        const [key, ...value] = args.split('=');
        env[key ?? ''] = value.join('=');
      } else if (op === 'USER') user = args;
      else if (op === 'CMD' || op === 'ENTRYPOINT') cmd = args;
      else if (op === 'ARG') continue;
      else if (op === 'COPY') await copy(args, { root, workdir, context, built });
      else if (op === 'RUN') {
        await run('sh', ['-c', args], {
          cwd: join(root, workdir),
          env: { ...process.env, ...env },
          maxBuffer: 64 * 1024 * 1024,
          timeout: 15 * 60_000,
        });
      } else throw new Error(`unsupported instruction in stage ${stage.name}: ${op}`);
    }
    built.set(stage.name, { root, workdir, env, user, cmd });
  }
  const result = built.get(target);
  if (!result) throw new Error(`no stage named ${target}`);
  return result;
}

interface CopyScope {
  readonly root: string;
  readonly workdir: string;
  readonly context: string;
  readonly built: ReadonlyMap<string, BuiltStage>;
}

async function copy(args: string, scope: CopyScope): Promise<void> {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  const dest = paths.pop();
  if (!dest || paths.length === 0) throw new Error(`COPY needs a source and a destination: ${args}`);
  const source = from ? scope.built.get(from) : undefined;
  if (from && !source) throw new Error(`COPY --from=${from}: stage not built`);
  const sourceRoot = source ? source.root : scope.context;
  const target = join(scope.root, posix.resolve(scope.workdir, dest));
  const intoDir = dest.endsWith('/') || paths.length > 1;
  for (const path of paths) {
    if (/[*?[]/.test(path)) throw new Error(`COPY wildcards are not supported here: ${path}`);
    const from = join(sourceRoot, source ? path : posix.normalize(path));
    const isDir = (await stat(from)).isDirectory();
    const to = isDir || !intoDir ? target : join(target, posix.basename(path));
    await mkdir(isDir ? to : dirname(to), { recursive: true });
    await cp(from, to, { recursive: true, verbatimSymlinks: true, force: true });
  }
}
